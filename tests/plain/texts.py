"""Sample texts for the public-text tests, and the scores a record has now."""

from django.contrib.contenttypes.models import ContentType

from engaging.plain.models import PublicTextScore

JARGON = "Going forward, stakeholders in the locality will co-produce a new pathway with the ICB."
PLAIN = "Tell us what you think of the bus to the clinic."
HARD = (
    "Notwithstanding the aforementioned considerations, the commissioning organisations' "
    "comprehensive reconfiguration of intermediate rehabilitation provision necessitates "
    "substantial collaborative deliberation among representatives."
)


LONG_AND_HARD = " ".join(
    [
        "The partnership will review the arrangements for consultation with residents about the future of services.",
        "Representatives of organisations will consider the recommendations and communicate their conclusions.",
    ]
    * 5
)


def scores_of(obj) -> dict[str, PublicTextScore]:
    content_type = ContentType.objects.get_for_model(obj)
    return {s.field: s for s in PublicTextScore.objects.filter(content_type=content_type, object_id=obj.pk)}
