"""The code stays easy to find one's way round: no file grows past what one can read at a sitting.

(Which app may import which, and that nothing imports in a circle, is checked by `lint-imports`
in `make test`, from the contracts in pyproject.toml.)
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MOST_LINES = 500
# Modules that hold data rather than logic: word lists and the demo's records.
DATA_MODULES = {"engaging/plain/glossary_data.py", "engaging/demo/data.py"}


def test_no_file_is_longer_than_a_sitting():
    too_long = {}
    for folder in ("engaging", "tests", "bench"):
        for path in (ROOT / folder).rglob("*.py"):
            name = path.relative_to(ROOT).as_posix()
            if "/migrations/" in name or name in DATA_MODULES:
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MOST_LINES:
                too_long[name] = lines
    assert not too_long, f"Split these by concern (at most {MOST_LINES} lines each): {too_long}"
