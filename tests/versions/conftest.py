"""The board's agenda item and its screening rules, for the screening tests here too."""

from tests.board.conftest import board, defaults, item, meeting  # noqa: F401 - fixtures shared with the board's tests
