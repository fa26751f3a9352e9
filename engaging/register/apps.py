from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "engaging.register"
    label = "register"
    # Writes to these change the data stamp, so figures and pages kept from them are worked out afresh
    # (engaging/core/data_version.py).
    counted_models = ("Activity", "ParticipantCount", "JoinUp")
    # Kept without the feedback stamp: what these name reads no residents' feedback (tests/test_kept_pages.py).
    kept_without_feedback = (
        "page:register-list",
        "page:overlap-check",
        "page:fatigue",
        "shell:register/list.html",
        "shell:register/fatigue.html",
    )

    def ready(self):
        from engaging.register import public_texts

        # An activity's public words are scored for the coordinators' list of public texts.
        public_texts.register()
