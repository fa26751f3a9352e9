"""The register's public text: what an activity is and how to take part, checked while residents can read it."""

from django.urls import reverse

from engaging.plain.public_texts import TextField, register_public_text
from engaging.register.models import Activity


def register() -> None:
    register_public_text(
        Activity,
        fields=(
            TextField("activity_summary", "summary", "Activity summary"),
            TextField("activity_how_to_take_part", "how_to_take_part", "Activity: how to take part"),
        ),
        # Public, live and not cancelled: residents read it on "Get involved" until it finishes, then on
        # "You said, we did".
        public=lambda: (
            Activity.objects.filter(is_public=True).not_cancelled().only("title", "summary", "how_to_take_part")
        ),
        title=lambda activity: activity.title,
        edit_url=lambda pk: reverse("register:edit", args=[pk]),
    )
