from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "engaging.register"
    label = "register"

    def ready(self):
        from engaging.register import public_texts

        # An activity's public words are scored for the coordinators' list of public texts.
        public_texts.register()
