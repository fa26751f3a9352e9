from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "engaging.public"
    label = "public"
    # Kept without the feedback stamp: what these name reads no residents' feedback (tests/test_kept_pages.py).
    kept_without_feedback = ("page:you-said-we-did", "shell:public/yswd_index.html")
