"""Demo records for Surveys, indicators and patient participation groups."""


def load(builder) -> None:
    return None
