"""The engine's fast construction of an Assessment builds exactly what pydantic would."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from sharewise import assess
from sharewise.engine.assessment import Assessment
from tests.conftest import SCENARIOS, load_scenario


def test_the_engines_assessments_are_what_pydantic_builds() -> None:
    for path in SCENARIOS:
        built = assess(load_scenario(path)["facts"])
        validated = Assessment.model_validate(built.model_dump())
        assert built == validated
        assert built.model_fields_set == validated.model_fields_set == set(Assessment.model_fields)
        assert built.__pydantic_extra__ is validated.__pydantic_extra__
        assert built.__pydantic_private__ is validated.__pydantic_private__
        assert built.model_dump_json() == validated.model_dump_json()


def test_an_assessment_is_frozen() -> None:
    built = assess({})
    with pytest.raises(ValidationError, match="frozen"):
        built.outcome = "share"  # type: ignore[misc]
