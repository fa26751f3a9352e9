from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "engaging.voice"
    label = "voice"
    verbose_name = "Community voice"

    def ready(self):
        from engaging.voice import public_texts

        # Stories meant for the public are scored for the coordinators' list of public texts.
        public_texts.register()

        from engaging.voice import panels

        # The stories heard at a meeting, on the board's meeting page.
        panels.register()
