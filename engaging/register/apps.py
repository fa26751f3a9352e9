from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "engaging.register"
    label = "register"
    # Writes to these are counted by the stored figures (engaging/assurance/refreshing.py). Every table is
    # versioned for the cache (engaging/core/versions.py) whether named here or not.
    counted_models = ("Activity", "ParticipantCount", "JoinUp")

    def ready(self):
        from engaging.register import public_texts

        # An activity's public words are scored for the coordinators' list of public texts.
        public_texts.register()
