from django.apps import AppConfig


class ThemesConfig(AppConfig):
    name = "engaging.themes"
    label = "themes"
    verbose_name = "Theme analysis"
