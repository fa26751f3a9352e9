from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "engaging.api"
    label = "api"
    # Kept without the feedback stamp: what these name reads no residents' feedback (tests/test_kept_pages.py).
    kept_without_feedback = ("page:api-activities",)
