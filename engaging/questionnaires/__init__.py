"""Questionnaires."""
