"""Surveys, indicators and patient participation groups."""
