"""The feedback loop's public text: what was done and what changed, and what participants were told.

A response is public only while it answers a public finding, and a closure only while its activity is public,
so changes to findings, to the links between findings and responses and to activities score them again.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.urls import reverse

from engaging.insight.models import Finding
from engaging.loop.models import LoopClosure, Response
from engaging.plain.public_texts import TextField, register_public_text, score_later
from engaging.register.models import Activity


def _closure_edit_urls(ids: list[int]) -> dict[int, str]:
    pairs = LoopClosure.objects.filter(pk__in=ids).values_list("pk", "activity_id")
    return {pk: reverse("register:detail", args=[activity_id]) + "#loop-told-heading" for pk, activity_id in pairs}


def _responses_to(finding_ids: list[int]) -> list[int]:
    return list(Response.everything.filter(findings__in=finding_ids).values_list("pk", flat=True))


def _on_activity_changed(sender, instance, **kwargs) -> None:
    """An activity's closures, and the responses to its findings, are public only while the activity is."""
    pk = instance.pk
    score_later(LoopClosure, lambda: LoopClosure.objects.filter(activity_id=pk).values_list("pk", flat=True))
    score_later(Response, lambda: Response.everything.filter(findings__activity_id=pk).values_list("pk", flat=True))


def _on_finding_saved(sender, instance, **kwargs) -> None:
    """A finding's responses are public only while one of the findings they answer is."""
    pk = instance.pk
    score_later(Response, lambda: _responses_to([pk]))


def _on_finding_deleting(sender, instance, **kwargs) -> None:
    # Read now, while the finding's links to its responses are still there.
    score_later(Response, _responses_to([instance.pk]))


def _on_findings_of_response_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            score_later(Response, [instance.pk])
    elif action in ("post_add", "post_remove"):
        score_later(Response, pk_set or [])
    elif action == "pre_clear":
        score_later(Response, instance.responses.values_list("pk", flat=True))


def register() -> None:
    register_public_text(
        Response,
        fields=(
            TextField("response_action", "action", "You said, we did: what was done"),
            TextField("response_outcome", "outcome", "You said, we did: what changed"),
        ),
        public=lambda: Response.objects.public().only("action", "outcome"),
        title=str,
        edit_url=lambda pk: reverse("loop:response_edit", args=[pk]),
    )
    register_public_text(
        LoopClosure,
        fields=(TextField("closure_summary", "summary", "Telling participants: what they were told"),),
        public=lambda: (
            LoopClosure.objects.public()
            .select_related("activity")
            .only("summary", "channel", "told_on", "activity__title")
        ),
        title=lambda closure: f"{closure.activity.title}: {closure}",
        edit_urls_for=_closure_edit_urls,
    )
    post_save.connect(_on_activity_changed, sender=Activity, dispatch_uid="loop_public_texts_activity_saved")
    post_delete.connect(_on_activity_changed, sender=Activity, dispatch_uid="loop_public_texts_activity_deleted")
    post_save.connect(_on_finding_saved, sender=Finding, dispatch_uid="loop_public_texts_finding_saved")
    # Before the finding goes, while its links to responses can still be read.
    pre_delete.connect(_on_finding_deleting, sender=Finding, dispatch_uid="loop_public_texts_finding_deleted")
    m2m_changed.connect(
        _on_findings_of_response_changed, sender=Response.findings.through, dispatch_uid="loop_public_texts_findings"
    )
