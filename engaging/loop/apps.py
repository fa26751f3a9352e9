from django.apps import AppConfig


class LoopConfig(AppConfig):
    name = "engaging.loop"
    label = "loop"
    verbose_name = "You said, we did"

    def ready(self):
        from engaging.loop import public_texts

        # Responses and closures residents read are scored for the coordinators' list of public texts.
        public_texts.register()

        from engaging.loop import panels

        # Responses and how people were told, on the register's activity page.
        panels.register()
