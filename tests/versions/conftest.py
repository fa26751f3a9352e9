"""Fixtures shared with other apps' tests: the board's agenda item and its screening rules, the API's personas."""

from tests.api.conftest import anon, as_, tokens  # noqa: F401 - the API tests' personas
from tests.board.conftest import board, defaults, item, meeting  # noqa: F401 - the board's agenda item
