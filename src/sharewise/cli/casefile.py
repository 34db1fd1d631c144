"""Reading a case from a YAML or JSON file, or standard input."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from sharewise.cli.output import fail
from sharewise.engine import CaseFacts
from sharewise.engine.errors import fact_errors


def read_document(source: str) -> dict[str, Any]:
    """A YAML or JSON mapping from a path, or from standard input when source is '-'."""
    if source == "-":
        text, name = sys.stdin.read(), "standard input"
    else:
        path = Path(source)
        name = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            fail(f"there is no file {name}.")
        except (IsADirectoryError, PermissionError, UnicodeDecodeError) as error:
            fail(f"{name} cannot be read as a text file: {error.__class__.__name__}.")
    try:
        document = yaml.safe_load(text)  # JSON is YAML too
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        fail(f"{name} is not valid YAML or JSON{where}.")
    if not isinstance(document, dict):
        fail(f"{name} must hold a mapping of facts (field: value), not {type(document).__name__}.")
    return document


def read_facts(source: str) -> CaseFacts:
    """The case facts in a file: the whole document, or its `facts` (as in a scenario)."""
    document = read_document(source)
    raw = document.get("facts", document)
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        fail("facts must be a mapping of facts (field: value).")
    try:
        return CaseFacts.model_validate(raw)
    except ValidationError as error:
        fail("the case facts are not valid:", fact_errors(error))
