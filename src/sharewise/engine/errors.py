"""One error shape for every front end: the field's dotted path, what was wrong, and
what is allowed. The CLI prints it (exit 2), the API returns it (422), forms show it."""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from sharewise.engine.facts import CaseFacts


class FactError(BaseModel):
    model_config = ConfigDict(frozen=True)

    field: str
    problem: str
    allowed: str

    def __str__(self) -> str:
        return f"{self.field}: {self.problem}. Allowed: {self.allowed}."


def dotted(loc: tuple[int | str, ...]) -> str:
    """('consent', 'status') -> 'consent.status'; ('consent_unsafe', 0) -> 'consent_unsafe[0]'."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else part)
    return path or "(the case)"


def fact_errors(error: ValidationError, model: type[BaseModel] = CaseFacts) -> list[FactError]:
    """Turn pydantic's errors into the project's error shape, one per field."""
    found: dict[str, FactError] = {}
    for item in error.errors(include_url=False):
        # A check across fields names the one at fault, relative to where the check sits.
        named = item.get("ctx", {}).get("field")
        loc = _without_union_branches(item["loc"]) + (tuple(named.split(".")) if named else ())
        field = dotted(loc)
        if field in found:
            continue
        if item["type"] == "extra_forbidden":
            parent = loc[:-1]
            problem = "is not a known field"
            allowed = "the fields " + ", ".join(_schema_at(model, parent).get("properties", {}))
        else:
            problem = _problem(item)
            allowed = item.get("ctx", {}).get("allowed") or describe_allowed(_schema_at(model, loc))
        found[field] = FactError(field=field, problem=problem, allowed=allowed)
    return list(found.values())


def _without_union_branches(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    # Pydantic names a union's failing branch in the path ('bool', "literal['unsure']",
    # 'function-plain[...]'); the person needs only the field.
    return tuple(p for p in loc if isinstance(p, int) or not _is_branch(p))


def _is_branch(part: str) -> bool:
    return "[" in part or part in {"bool", "str", "int", "list", "none", "dict"}


def _problem(item: Any) -> str:
    text = str(item["msg"]).rstrip(".")
    if text.startswith("Input should be"):
        return f"{shown(item['input'])} is not allowed"
    return text[0].lower() + text[1:] if text else "is not valid"


def shown(value: Any) -> str:
    """A wrong value as an error repeats it: "the text 'maybe'", "a list", "null"."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {value!r}"
    return _word(value)


@cache
def _schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema()


def _resolve(root: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in node:
        # `X | None`: describe X. `bool | Literal["unsure"]`: true, false, unsure.
        options = [_resolve(root, o) for o in node["anyOf"] if o.get("type") != "null"]
        if len(options) == 1:
            return options[0]
        return {"enum": [v for o in options for v in _values(o)]}
    return node


def _values(schema: dict[str, Any]) -> list[Any]:
    if schema.get("type") == "boolean":
        return [True, False]
    if "const" in schema:
        return [schema["const"]]
    return list(schema.get("enum", []))


def _schema_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> dict[str, Any]:
    root = _schema(model)
    node = root
    for part in loc:
        node = _resolve(root, node)
        if isinstance(part, int):
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(part, {})
    return _resolve(root, node)


def allowed_for(fact: str, model: type[BaseModel] = CaseFacts) -> str:
    """What the contract allows for one fact ('age', 'harm.child'), in words."""
    return describe_allowed(_schema_at(model, tuple(fact.split("."))))


DATE_FORMATS = {
    "date": "a date, like 2026-03-27",
    "date-time": "a moment, like 2026-03-27T14:30:00Z",
}


def describe_allowed(schema: dict[str, Any]) -> str:
    """What a schema allows, in words."""
    if "enum" in schema:
        return ", ".join(_word(v) for v in schema["enum"])
    if "const" in schema:
        return _word(schema["const"])
    kind = schema.get("type")
    if kind == "integer":
        low, high = schema.get("minimum"), schema.get("maximum")
        return f"a whole number from {low} to {high}" if low is not None else "a whole number"
    if kind == "boolean":
        return "true, false"
    if kind == "string" and schema.get("format") in DATE_FORMATS:
        return DATE_FORMATS[schema["format"]]
    if kind == "string":
        return (
            f"text of up to {schema['maxLength']:,} characters" if "maxLength" in schema else "text"
        )
    if kind == "array":
        items = schema.get("items", {})
        inner = describe_allowed(items) if items else "anything"
        most = f", up to {schema['maxItems']:,} of them" if "maxItems" in schema else ""
        return f"a list of any of: {inner} (an empty list for none{most})"
    if kind == "object" or "properties" in schema:
        return "a mapping with the fields " + ", ".join(schema.get("properties", {}))
    return "see `sharewise schema`"


def _word(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def schema_of(field: str, model: type[BaseModel] = CaseFacts) -> dict[str, Any]:
    """The JSON Schema of one field of a model, by its dotted name ('harm.child')."""
    return _schema_at(model, tuple(field.split(".")))


def longest_text(model: type[BaseModel], field: str) -> int | None:
    """The most characters a model's text field takes (by dotted name), if it says: what
    a form tells a person before the model refuses more."""
    most = schema_of(field, model).get("maxLength")
    return None if most is None else int(most)
