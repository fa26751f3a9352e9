"""Demo records for Theme analysis."""


def load(builder) -> None:
    return None
