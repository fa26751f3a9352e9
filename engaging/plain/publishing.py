"""Publishing public text that is harder to read than the target: allowed only with “publish anyway” and a reason.

A form that edits public text mixes in `PlainLanguageGate` and names its public fields in `plain_fields`.
When one of them is new, has changed or is about to become public, and the checker finds its reading
age above the target, the form is not valid until the author either makes it plainer or ticks
“Publish anyway” and says why. After saving, the view calls `form.record_publish_anyway(obj, user)`,
which keeps the reason, the reading age and the text's digest.

Pages that publish without a form (the Local Account's “Publish” button) use `texts_above_target` and
`record` directly.
"""

import hashlib

from django import forms
from django.contrib.contenttypes.models import ContentType

from engaging.plain.checker import Result
from engaging.plain.checking import check_text, max_check_length
from engaging.plain.models import PublishAnyway

REASON_MAX = 1000


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def texts_above_target(texts: dict[str, str]) -> dict[str, Result]:
    """For each named text, the checker's result when it is harder to read than the target."""
    found = {}
    for name, text in texts.items():
        if not text or not text.strip() or len(text) > max_check_length():
            continue
        result = check_text(text)
        if result.reading_age is not None and not result.meets_target:
            found[name] = result
    return found


def too_hard_message(result: Result) -> str:
    return (
        f"This has a reading age of {result.reading_age_years} and the target is {result.target_reading_age}. "
        "Make it plainer, or choose “Publish anyway” and say why"
    )


def record(obj, results: dict[str, Result], texts: dict[str, str], *, reason: str, user) -> list[PublishAnyway]:
    """Keep one record per text published above the target."""
    content_type = ContentType.objects.get_for_model(obj)
    rows = [
        PublishAnyway(
            content_type=content_type,
            object_id=obj.pk,
            field=name,
            reason=reason,
            reading_age=result.reading_age,
            target_reading_age=result.target_reading_age,
            text_digest=digest(texts[name]),
            recorded_by=user if getattr(user, "is_authenticated", False) else None,
        )
        for name, result in results.items()
    ]
    return PublishAnyway.objects.bulk_create(rows)


def records_for(obj):
    """Every publish-anyway record for `obj`, newest first."""
    return PublishAnyway.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class PlainLanguageGate:
    """Mix into a (Model)Form before forms.ModelForm: `class MyForm(PlainLanguageGate, forms.ModelForm)`."""

    plain_fields: tuple[str, ...] = ()
    public_flag: str | None = "is_public"  # the form field that makes the text public, if the form has one

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publish_anyway"] = forms.BooleanField(
            required=False,
            label="Publish anyway",
            help_text="Only when the text cannot be made plainer, for example a legal name or a quotation.",
        )
        self.fields["publish_anyway_reason"] = forms.CharField(
            required=False,
            max_length=REASON_MAX,
            label="Why should this be published as it is?",
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={"max_length": f"Use {REASON_MAX} characters or fewer for the reason"},
        )
        self.above_target: dict[str, Result] = {}

    def publishes_text(self) -> bool:
        """Whether saving this form shows its text to the public. Forms may say more."""
        if self.public_flag and self.public_flag in self.fields:
            return bool(self.cleaned_data.get(self.public_flag))
        return True

    def _becomes_public(self) -> bool:
        return bool(self.public_flag and self.public_flag in self.changed_data)

    def clean(self):
        cleaned = super().clean()
        if not self.publishes_text():
            return cleaned
        becomes_public = self._becomes_public() or not getattr(self.instance, "pk", None)
        texts = {
            name: cleaned.get(name) or ""
            for name in self.plain_fields
            if name in self.fields and name not in self.errors and (becomes_public or name in self.changed_data)
        }
        self.above_target = texts_above_target(texts)
        if not self.above_target:
            return cleaned
        if not cleaned.get("publish_anyway"):
            for name, result in self.above_target.items():
                self.add_error(name, too_hard_message(result))
        elif "publish_anyway_reason" not in self.errors and not (cleaned.get("publish_anyway_reason") or "").strip():
            self.add_error("publish_anyway_reason", "Say why this should be published although it is hard to read")
        return cleaned

    @property
    def needs_publish_anyway(self) -> bool:
        """Whether to show the “Publish anyway” choice: the text missed the target, or it was already ticked."""
        return bool(self.above_target) or bool(self.data.get(self.add_prefix("publish_anyway")))

    def record_publish_anyway(self, obj, user) -> list[PublishAnyway]:
        """After a successful save: record each text published above the target, with the author's reason."""
        if not self.above_target or not self.cleaned_data.get("publish_anyway"):
            return []
        texts = {name: self.cleaned_data.get(name) or "" for name in self.above_target}
        reason = " ".join(self.cleaned_data["publish_anyway_reason"].split())
        return record(obj, self.above_target, texts, reason=reason, user=user)
