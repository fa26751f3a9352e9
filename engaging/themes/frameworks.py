"""Installing and finding frameworks of themes."""

from django.db import transaction

from engaging.themes import nhs_framework
from engaging.themes.model import ThemeSpec
from engaging.themes.models import Framework, Theme


class UnknownFramework(LookupError):
    """No framework has the key asked for."""


def install_builtin(framework_model=Framework, theme_model=Theme) -> None:
    """Make sure the built-in NHS framework exists with all its themes; leaves partners' changes to others alone.

    Takes the models so a migration can pass its historical ones.
    """
    framework, _ = framework_model.objects.get_or_create(
        key=nhs_framework.KEY,
        defaults={"name": nhs_framework.NAME, "source": nhs_framework.SOURCE, "built_in": True},
    )
    have = set(theme_model.objects.filter(framework=framework).values_list("name", flat=True))
    missing = [
        theme_model(
            framework=framework,
            category=category,
            name=name,
            definition=definition,
            keywords=list(keywords),
            position=position,
        )
        for position, (category, name, definition, keywords) in enumerate(nhs_framework.THEMES)
        if name not in have
    ]
    if missing:  # nothing to write, most times: no write transaction to wait for
        theme_model.objects.bulk_create(missing)


def get_framework(key: str) -> Framework:
    """The framework with this key (the built-in one is put back if it was ever emptied away)."""
    if key == nhs_framework.KEY:
        install_builtin()
    framework = Framework.objects.filter(key=key).first()
    if framework is None:
        known = ", ".join(Framework.objects.order_by("key").values_list("key", flat=True)) or "none"
        raise UnknownFramework(f"There is no framework with the key “{key}”. Known frameworks: {known}.")
    return framework


@transaction.atomic
def define_framework(*, key: str, name: str, themes: list[tuple[str, str, str]], organisation=None) -> Framework:
    """A partner's own framework: themes as (category, name, definition), in order. Names must be unique."""
    names = [name for _, name, _ in themes]
    if len(set(names)) != len(names):
        raise ValueError("Each theme of a framework needs a different name.")
    if not themes:
        raise ValueError("A framework needs at least one theme.")
    framework = Framework.objects.create(key=key, name=name, organisation=organisation)
    Theme.objects.bulk_create(
        Theme(framework=framework, category=category, name=theme, definition=definition, position=i)
        for i, (category, theme, definition) in enumerate(themes)
    )
    return framework


def specs(framework: Framework) -> list[ThemeSpec]:
    """The framework's themes, in order, as the classifier sees them."""
    return [
        ThemeSpec(theme.name, theme.definition, tuple(theme.keywords or ()))
        for theme in Theme.objects.filter(framework=framework).order_by("position", "pk")
    ]
