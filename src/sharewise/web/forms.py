"""What forms send, turned into what the engine and the register take; and their errors,
in the one error shape (the field, what was wrong, what is allowed)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from sharewise.engine.answers import parse_answer
from sharewise.engine.assessment import Outcome
from sharewise.engine.errors import FactError, longest_text
from sharewise.engine.record import RecordedDecision, weighing_needed, what_the_record_needs
from sharewise.guidance import Question
from sharewise.register.decisions.schemas import DecisionInput
from sharewise.web.dates import (
    DateField,
    Moment,
    moment_values,
    read_date,
    read_dates,
    read_moment,
    typed_parts,
)

NOT_KNOWN = "not-known"  # what a form sends for an "I do not know" answer
OTHER = "other"  # what a form sends for "something else" beside a list
# Each moment a form asks for (a GOV.UK date input and a time), and what it is of.
MOMENTS = {
    "shared.when": "you shared it",
    "given_at": "it was given or refused",
    "withdrawn_at": "it was withdrawn",
}
DECISION_MOMENTS = ("shared.when",)
# How a form names each date it asks for, in an error about what the date must be.
DATES_NAMED = {
    **{name: f"The date {what}" for name, what in MOMENTS.items()},
    "review_date": "The review date",
}
YES_NO = {"yes": True, "no": False}


def problem(field: str, what: str, allowed: str) -> FactError:
    return FactError(field=field, problem=what, allowed=allowed)


def as_sent(value: Any) -> str:
    """An answer's value as its radio sends it: "I do not know" has a value of its own."""
    encoded = encode(value)
    return NOT_KNOWN if encoded is None else str(encoded)


def encode(value: Any) -> Any:
    """A fact's value as a form sends it back: true/false, text, or a list of them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return [encode(item) for item in value]
    return None if value is None else str(value)


def answer_from_form(question: Question, form: FormData) -> Any:
    """The answer a question page sent, as the fact's value (None: not known), or
    AnswerError saying what to do. The form's own strings ("true", "not-known") are mapped
    to the answers' values; the engine's parser does the rest, as for every front end."""
    by_form = {as_sent(answer.value): answer.value for answer in question.answers}
    if question.kind == "multiple":
        picked = [str(v) for v in form.getlist("answer")]
        raw: Any = [by_form.get(p, p) for p in picked] if picked else None
    elif question.kind == "choice":
        chosen = str(form.get("answer", ""))
        raw = by_form.get(chosen, chosen)
    else:
        # A purpose chosen from the organisation's list, or typed: "other" is typed.
        listed = str(form.get("listed", ""))
        raw = listed if listed and listed != OTHER else str(form.get("answer", ""))
    return parse_answer(question, raw)


def now_in(*names: str) -> dict[str, str]:
    """Now, in these moments' fields: what a form starts with."""
    now = datetime.now().astimezone()
    return {key: text for name in names for key, text in moment_values(name, now).items()}


def with_moments(
    values: Mapping[str, str], names: Sequence[str]
) -> tuple[dict[str, str], dict[str, Moment]]:
    """The form's values with each moment's parts read as one value (`shared.when`), as
    the rest of the form is; and each moment as read, for its errors and the page."""
    moments = {name: read_moment(values, name, MOMENTS[name]) for name in names}
    folded = dict(values)
    for name, moment in moments.items():
        if moment.text:
            folded[name] = moment.text
    return folded, moments


def moment_errors(errors: Sequence[FactError], moments: Mapping[str, Moment]) -> list[FactError]:
    """The register's errors, with its word on a moment typed wrong replaced by the
    form's, which says which part is wrong and leads to it; and a moment that does not
    agree with another (before the person was born, say) named as the form names it."""
    said = []
    for error in errors:
        moment = moments.get(error.field)
        if moment and moment.message:
            error = problem(f"{moment.name}-{moment.wrong[0]}", moment.message, "")
        elif moment and error.problem.startswith("must be"):
            named = DATES_NAMED.get(moment.name, "The date")
            error = problem(error.field, f"{named} {error.problem}", "")
        said.append(error)
    return said


# The decision form's fields, as a person reads them in an error: "Enter what you shared".
DECISION_WORDS = {
    "decision.share": "Select whether you decided to share",
    "decision.reasons": "Enter your reasons, in your own words",
    "decision.departure": "Enter why you decided otherwise than the guidance recommends",
    "shared.what": "Enter what you shared",
    "shared.with_whom": "Enter who you shared it with",
    "shared.purpose": "Enter why you shared it",
    "shared.when": "Enter when you shared it",
    "shared.how": "Enter how you shared it",
    "public_interest.risks_of_sharing": "Enter what might happen if you share",
    "public_interest.risks_of_not_sharing": "Enter what might happen if you do not share",
    "public_interest.necessity": "Enter why sharing is necessary",
    "public_interest.proportionality": "Enter why what you share is proportionate",
    "advice.sought_from": "Enter who you asked for advice",
    "advice.outcome": "Enter what they advised",
}
# The fields behind each part of a record that the engine may find missing.
_PART_FIELDS = {
    "decision.departure": ("decision.departure",),
    "shared": ("shared.what", "shared.with_whom", "shared.purpose", "shared.when", "shared.how"),
    "public_interest": (
        "public_interest.risks_of_sharing",
        "public_interest.risks_of_not_sharing",
        "public_interest.necessity",
        "public_interest.proportionality",
    ),
}


def applied(values: Mapping[str, str], outcome: Outcome) -> dict[str, str]:
    """The decision form's answers that apply: what a reveal holds counts only when its
    answer is chosen, and the weighing only when sharing needs one. A record keeps
    nothing else, since it cannot be changed afterwards. Whether the person was told is
    the sharing package's to say (web.package)."""
    share = YES_NO.get(values.get("decision.share", ""))
    kept = {}
    for key, text in values.items():
        group = key.partition(".")[0]
        if not text or key.rpartition("-")[0] in MOMENTS or group == "told":
            continue  # a moment's part is read whole
        if group in ("shared", "public_interest") and share is not True:
            continue
        if key.startswith(f"{REVIEW}-") or (key == f"decision.{REVIEW}" and share is not False):
            continue  # the review day's parts are read whole; it is for not sharing only
        if group == "public_interest" and not weighing_needed(outcome, True):
            continue
        kept[key] = text
    return kept


def decision_problems(
    values: Mapping[str, str], outcome: Outcome, moments: Mapping[str, Moment]
) -> list[FactError]:
    """Everything wrong with the decision form (its moments read by `with_moments`) at
    once, in words that say what to do."""
    share = YES_NO.get(values.get("decision.share", ""))
    missing: list[str] = []
    if share is None:
        missing.append("decision.share")
    missing.append("decision.reasons")
    if share is not None:
        given = RecordedDecision(
            share=share,
            departure=bool(values.get("decision.departure")),
            public_interest=all(values.get(f) for f in _PART_FIELDS["public_interest"]),
            shared=all(values.get(f) for f in _PART_FIELDS["shared"]),
            told=True,  # the sharing package asks it, on its own page
        )
        for needed in what_the_record_needs(outcome, given):
            missing.extend(_PART_FIELDS[needed.part])
    pair = ("advice.sought_from", "advice.outcome")
    if any(values.get(name) for name in pair):
        missing.extend(pair)
    found = [problem(name, DECISION_WORDS[name], "") for name in missing if not values.get(name)]
    # Yes or no is all decision_document reads: anything else a form sends is no answer.
    if values.get("decision.share") and values["decision.share"] not in YES_NO:
        found.append(problem("decision.share", DECISION_WORDS["decision.share"], ""))
    for moment in moments.values():
        if moment.message:
            found.append(problem(f"{moment.name}-{moment.wrong[0]}", moment.message, ""))
    if share is False:
        found.extend(review_day(values)[1])
    return found + too_long(values, DecisionInput, DECISION_WORDS)


# A decision not to share may name a day to look at it again: a task until then.
REVIEW = "review_by"
REVIEW_WHOLE, REVIEW_YEAR = "The day to look at it again", "The year of the day to look again"


def review_day(values: Mapping[str, str]) -> tuple[date | None, list[FactError]]:
    """The review day typed on the decision form, or what is wrong with it."""
    day, wrong, said = read_date(typed_parts(values, REVIEW), REVIEW_WHOLE, REVIEW_YEAR)
    if said:
        return None, [problem(f"{REVIEW}-{wrong[0]}", said, "")]
    if day is not None and day < date.today():
        return None, [problem(f"{REVIEW}-day", f"{REVIEW_WHOLE} must be today or later", "")]
    return day, []


def too_long(
    values: Mapping[str, Any], model: type[BaseModel], words: Mapping[str, str]
) -> list[FactError]:
    """Each text longer than the register's `model` takes, said as its form asks for it
    ("Enter what you shared, in 5,000 characters or fewer"), before the register refuses
    it in its own words."""
    found = []
    for name, text in values.items():
        most = longest_text(model, name) if isinstance(text, str) else None
        if most is not None and len(text) > most:
            asked = words.get(name) or f"Enter the {name.rsplit('.', 1)[-1].replace('_', ' ')}"
            found.append(problem(name, f"{asked}, in {most:,} characters or fewer", ""))
    return found


def in_the_forms_words(ours: Sequence[FactError], theirs: Sequence[FactError]) -> list[FactError]:
    """The form's own errors, then the register's about any other field."""
    said = {error.field for error in ours}
    return [*ours, *(e for e in theirs if e.field.partition("[")[0] not in said)]


def parsed_moment(text: str) -> str | None:
    # A moment's fields have no zone: they are the practitioner's (the server's) local time.
    try:
        return datetime.fromisoformat(text).astimezone().isoformat()
    except (ValueError, OverflowError):  # overflow: a zone that takes it past year 1 or 9999
        return None


def moment(text: str) -> str:
    return parsed_moment(text) or text  # the register names the field and what is allowed


def decision_document(
    state: Mapping[str, Any], facts: dict[str, Any], values: Mapping[str, str]
) -> dict[str, Any]:
    """The decision form's answers that apply (see `applied`), with the draft's answers, as
    the register's DecisionInput."""
    groups: dict[str, dict[str, Any]] = {}
    for key, text in values.items():
        group, _, name = key.partition(".")
        if key in DECISION_MOMENTS:
            value: Any = parsed_moment(text)
        elif key == "decision.share":
            value = YES_NO[text]
        else:
            value = text
        groups.setdefault(group, {})[name] = value
    return {
        "organisation": state["organisation"],
        "practitioner": state["practitioner"],
        "person": state.get("person"),
        "recipient": state.get("recipient"),
        "recipient_named": state.get("recipient_named"),
        "facts": facts,
        "decision": groups.get("decision", {}),
        **{
            name: groups[name] for name in ("public_interest", "shared", "advice") if name in groups
        },
    }


Filters = TypeVar("Filters", bound=BaseModel)


def read_filters(
    params: Mapping[str, str],
    model: type[Filters],
    fields: Sequence[str],
    dates: Mapping[str, str],
    words: Mapping[str, str],
) -> tuple[Filters | None, dict[str, str], list[DateField], list[FactError]]:
    """A filter form's query: the filters asked for (None if any is wrong), as the form
    shows them, and the errors in them, each leading to the field at fault. A date's
    error is the register's (or the date's own) words; another field's, the form's
    `words` for it."""
    shown = {name: params.get(name, "").strip() for name in fields}
    days, typed, errors = read_dates(params, dates)
    given: dict[str, Any] = {**{k: v for k, v in shown.items() if v}, **days}
    if errors:
        return None, shown, typed, errors
    try:
        return model.model_validate(given), shown, typed, []
    except ValidationError as refused:
        for item in refused.errors(include_url=False):
            field = item.get("ctx", {}).get("field") or str(item["loc"][0])
            said = str(item["msg"])
            what = said if field in dates else words.get(field, said)
            errors.append(problem(f"{field}-day" if field in dates else field, what, ""))
    return None, shown, typed, errors
