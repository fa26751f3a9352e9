"""Public text sent through the API meets the same plain-English target as on the hub's forms.

Text that is new, changed or about to become public, and misses the target (something to fix in it, or a
reading age above the target for 100 words or more), is refused (400, naming each field and what to fix)
unless the request says why in `publish_anyway_reason`. When it does, the reason is kept with what the text
missed and its digest, as “Publish anyway” does.
Text that will not be public is not checked.
"""

from collections.abc import Iterable

from engaging.plain.checker import Result
from engaging.plain.publishing import record, texts_above_target, what_to_fix

REASON_FIELD = "publish_anyway_reason"
REASON_HELP = (
    "Why text that misses the plain-English target should be published as it is. "
    "Needed only when a public text misses the target; it is kept with the record."
)


def texts_to_check(
    data: dict, fields: Iterable[str], *, stored=None, public: bool, was_public: bool = False
) -> dict[str, str]:
    """The public texts a write would publish afresh.

    All of them when the record is new or is being made public; otherwise only those sent that differ
    from what is stored; none when the record will not be public.
    """
    if not public:
        return {}
    fresh = stored is None or not was_public
    texts = {}
    for name in fields:
        sent = name in data and data[name] is not None
        if sent and (fresh or data[name] != getattr(stored, name)):
            texts[name] = data[name]
        elif not sent and fresh and stored is not None:
            texts[name] = getattr(stored, name) or ""
    return texts


def too_hard(result: Result) -> str:
    return f"{what_to_fix(result)}. Make it plainer, or send {REASON_FIELD} saying why it should be published as it is"


def hard_texts(texts: dict[str, str], reason: str | None, errors: list[tuple[str, str]]) -> dict[str, Result]:
    """The texts that miss the plain-English target; without a reason, each one is added to `errors`."""
    above = texts_above_target(texts)
    if above and not (reason or "").strip():
        errors.extend((name, too_hard(result)) for name, result in above.items())
    return above


def keep_reason(obj, above: dict[str, Result], texts: dict[str, str], reason: str | None, user) -> None:
    """After saving: record each text published above the target, with the reason sent."""
    if above and (reason or "").strip():
        record(obj, above, {name: texts[name] for name in above}, reason=" ".join(reason.split()), user=user)
