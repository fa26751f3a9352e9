import threading

from django.apps import AppConfig


class PlainConfig(AppConfig):
    name = "engaging.plain"
    label = "plain"
    verbose_name = "Plain language"

    def ready(self):
        from django.conf import settings

        from engaging.plain import public_texts

        # Scores of public text follow every save, archive, delete and change of consent.
        public_texts.connect()

        # textstat and wordfreq read their word lists (about a second) on first use: do it now,
        # beside start-up, so the first author to type does not wait. Off in tests (PLAIN_WARM_UP).
        if getattr(settings, "PLAIN_WARM_UP", not getattr(settings, "TESTING", False)):
            threading.Thread(target=_warm_up, name="plain-language-warm-up", daemon=True).start()


def _warm_up() -> None:
    from engaging.plain.checker import syllables
    from engaging.plain.wordlists import frequency

    syllables("reading")
    frequency("reading")  # wordfreq reads its English list (about half a second) on first use
