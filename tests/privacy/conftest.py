"""Stories, meetings and the API's clients, shared with the voice tests."""

from tests.api.conftest import as_, tokens  # noqa: F401
from tests.voice.conftest import board, board_story, meeting, public_story, theme  # noqa: F401
