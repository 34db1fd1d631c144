"""Advice sought without naming the person (golden rule 3, 1.11, 3.44)."""
