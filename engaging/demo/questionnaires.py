"""Demo records for Questionnaires."""


def load(builder) -> None:
    return None
