"""Editions for tests only, one package each with its RULEBOOK: tests/engine/test_citing.py
covers every one, as it covers the built-in editions."""

from __future__ import annotations

from sharewise.engine import Rulebook
from sharewise.engine.steps import flowchart
from sharewise.guidance import Edition, load_edition, load_parameters


def like_2008(edition: str, **parameters: int) -> Rulebook:
    """The 2008 edition under another name, with some of its dated parameters moved: its
    text, questions and flowchart as they are."""
    moved = load_parameters("2008").model_copy(update=parameters)

    def guidance() -> Edition:
        return load_edition("2008").model_copy(update={"edition": edition, "parameters": moved})

    return Rulebook(edition, flowchart, parameters=moved, guidance=guidance)
