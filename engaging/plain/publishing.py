"""Publishing public text that misses the plain-English target: allowed only with “publish anyway” and a reason.

A form that edits public text mixes in `PlainLanguageGate` and names its public fields in `plain_fields`.
When one of them is new, has changed or is about to become public, and the checker finds something to
fix in it (see engaging/plain/checker.py), the form is not valid until the author either makes it
plainer or, under that field, ticks “Publish anyway” and says why: each public field has its own
choice and reason (`publish_anyway_<field>`, `publish_anyway_reason_<field>`), shown by the field's
hints only when that field misses the target. After saving, the view calls
`form.record_publish_anyway(obj, user)`, which keeps each reason, what the text missed and the text's digest.

Pages that publish without a form (the Local Account's “Publish” button) use `texts_above_target` and
`record` directly.
"""

import hashlib

from django import forms
from django.contrib.contenttypes.models import ContentType

from engaging.plain.checker import Result
from engaging.plain.checking import check_text, max_check_length
from engaging.plain.hints import problems_in_words
from engaging.plain.models import PublishAnyway

REASON_MAX = 1000


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def texts_above_target(texts: dict[str, str]) -> dict[str, Result]:
    """For each named text, the checker's result when it misses the target (something to fix in it)."""
    found = {}
    for name, text in texts.items():
        if not text or not text.strip() or len(text) > max_check_length():
            continue
        result = check_text(text)
        if result.word_count and not result.meets_target:
            found[name] = result
    return found


def what_to_fix(result: Result, *, capital: bool = True) -> str:
    """What is wrong with a text, worst first, as the start of a sentence (or, after a label, the rest of one)."""
    problems = problems_in_words(result) or "it is hard to read"
    return problems[:1].upper() + problems[1:] if capital else problems


def too_hard_message(result: Result, label: str = "") -> str:
    """The error on a field that misses the target, named by its label so it reads alone in the error summary."""
    problems = f"{label}: {what_to_fix(result, capital=False)}" if label else what_to_fix(result)
    return f"{problems}. Make it plainer, or tick “Publish anyway” under it and say why"


def anyway_name(field: str) -> str:
    return f"publish_anyway_{field}"


def reason_name(field: str) -> str:
    return f"publish_anyway_reason_{field}"


def record(obj, results: dict[str, Result], texts: dict[str, str], *, reason: str, user) -> list[PublishAnyway]:
    """Keep one record per text published above the target."""
    content_type = ContentType.objects.get_for_model(obj)
    rows = [
        PublishAnyway(
            content_type=content_type,
            object_id=obj.pk,
            field=name,
            reason=reason,
            # What the author was told to fix; a short text has no reading age, and none is made up for it.
            problems=what_to_fix(result),
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
        for name in self.plain_fields:
            if name not in self.fields:
                continue
            label = self.fields[name].label or name.replace("_", " ").capitalize()
            self.fields[anyway_name(name)] = forms.BooleanField(
                required=False,
                label=f"Publish “{label}” anyway",
            )
            self.fields[reason_name(name)] = forms.CharField(
                required=False,
                max_length=REASON_MAX,
                label=f"Why should “{label}” be published as it is?",
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"max_length": f"{label}: use {REASON_MAX} characters or fewer for the reason"},
            )
        self.above_target: dict[str, Result] = {}

    def plain_label(self, name: str) -> str:
        return str(self.fields[name].label or name.replace("_", " ").capitalize())

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
        for name, result in self.above_target.items():
            label = self.plain_label(name)
            if not cleaned.get(anyway_name(name)):
                self.add_error(name, too_hard_message(result, label))
            elif reason_name(name) not in self.errors and not (cleaned.get(reason_name(name)) or "").strip():
                self.add_error(reason_name(name), f"{label}: say why it should be published as it is")
        return cleaned

    def needs_publish_anyway_for(self, name: str) -> bool:
        """Whether to show this field's “Publish anyway” choice: it missed the target, or the choice was ticked."""
        return name in self.above_target or bool(self.data.get(self.add_prefix(anyway_name(name))))

    @property
    def needs_publish_anyway(self) -> bool:
        return any(self.needs_publish_anyway_for(name) for name in self.plain_fields if name in self.fields)

    def publish_anyway_reasons(self) -> dict[str, str]:
        """For a service that holds the gate itself: each text to publish anyway, with the author's reason."""
        return {
            name: self.cleaned_data.get(reason_name(name)) or ""
            for name in self.above_target
            if self.cleaned_data.get(anyway_name(name))
        }

    def record_publish_anyway(self, obj, user) -> list[PublishAnyway]:
        """After a successful save: record each text published above the target, with the author's reason for it."""
        rows = []
        for name, result in self.above_target.items():
            if not self.cleaned_data.get(anyway_name(name)):
                continue
            text = self.cleaned_data.get(name) or ""
            reason = " ".join(self.cleaned_data[reason_name(name)].split())
            rows += record(obj, {name: result}, {name: text}, reason=reason, user=user)
        return rows
