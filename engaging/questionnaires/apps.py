"""Questionnaires."""

from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    name = "engaging.questionnaires"
    label = "questionnaires"
    verbose_name = "Questionnaires"

    def ready(self):
        from engaging.questionnaires import panels, rules  # noqa: F401  importing rules registers the permissions

        # The activity's questionnaires on the register's activity page.
        panels.register()
