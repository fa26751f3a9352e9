"""Demo records for Training and network events."""


def load(builder) -> None:
    return None
