"""Templates follow the apps' layers, as imports do (pyproject.toml): a template of an app loads no tag
library of, and includes or extends no template of, an app above it. A lower page shows a higher app's
panel through an include hook (engaging/core/hooks.py) instead.
"""

import re
import sys
import tomllib
from pathlib import Path

from django.template import engines

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "engaging" / "templates"
LOADS = re.compile(r"{%\s*load\s+(.*?)\s*%}")
USES = re.compile(r"""{%\s*(?:include|extends)\s+["']([a-z_]+)/""")


def layer_of() -> dict[str, int]:
    """Each app's layer, from the bottom (core, 0) up, as the import contract states them."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    layers = {}
    for height, layer in enumerate(reversed(contract["layers"])):
        for module in layer.split("|"):
            layers[module.strip().removeprefix("engaging.")] = height
    return layers


def app_of_library(name: str) -> str | None:
    """The hub's app a tag library belongs to; None for Django's and other packages' libraries."""
    module = engines["django"].engine.libraries.get(name)
    if module is None or not module.startswith("engaging."):
        return None
    return module.split(".")[1]


def broken_rules() -> list[str]:
    layers = layer_of()
    broken = []
    for path in sorted(TEMPLATES.rglob("*.*")):
        name = path.relative_to(TEMPLATES).as_posix()
        app = name.split("/")[0] if "/" in name else "core"  # base.html is the core's page around every page
        text = path.read_text(encoding="utf-8")
        for loaded in LOADS.findall(text):
            words = loaded.split()
            libraries = words[words.index("from") + 1 :] if "from" in words else words
            for library in libraries:
                owner = app_of_library(library)
                if owner is not None and layers[owner] > layers[app]:
                    broken.append(f"{name} loads {library} ({owner})")
        for used in USES.findall(text):
            if used in layers and layers[used] > layers[app]:
                broken.append(f"{name} includes or extends a template of {used}")
    return broken


def test_no_template_uses_an_app_above_its_own():
    assert broken_rules() == []


def test_the_check_sees_a_lower_template_reaching_up(tmp_path, monkeypatch):
    """The rule above is not passing because it reads nothing: a register template loading insight's tags fails it."""
    (tmp_path / "register").mkdir()
    (tmp_path / "register" / "page.html").write_text(
        '{% load library_tags %}{% include "voice/_story_meta.html" %}', encoding="utf-8"
    )
    monkeypatch.setattr(sys.modules[__name__], "TEMPLATES", tmp_path)
    assert broken_rules() == [
        "register/page.html loads library_tags (insight)",
        "register/page.html includes or extends a template of voice",
    ]
