"""Training and network events."""
