"""Theme analysis."""
