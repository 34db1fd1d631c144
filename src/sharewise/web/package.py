"""Question 6's sharing package (3.48-3.49), one question per page, once the practitioner
has decided to share: the items shared (add another), how the recipient's identity was
confirmed, the channel and its security check, whether the recipient will pass it on,
the limits of consent, and telling the person; then check your answers, and the decision
saved with its package. The decision form's answers wait in the draft (`DECIDED`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel

from sharewise.advice import Known, deidentify
from sharewise.engine.errors import FactError, longest_text
from sharewise.engine.limits import BRIEF, PACKAGE_ITEMS
from sharewise.engine.sharing import CHANNEL_CHECKS, PASSING_ON
from sharewise.faces.advice import known_of
from sharewise.register.decisions.schemas import (
    OnwardSharing,
    PackageItem,
    PackageTelling,
    SecureChannel,
    SharingPackage,
)
from sharewise.register.errors import RecordRejected, validated
from sharewise.register.principal import Principal
from sharewise.web.dates import DATE_ALLOWED, DateField, read_date, typed_parts
from sharewise.web.decide import (
    DECIDED,
    PACKAGE,
    Draft,
    OpenDraft,
    decision_refused,
    receiving,
    save_decision,
)
from sharewise.web.forms import problem
from sharewise.web.framework import in_force
from sharewise.web.pages import FormWords, render

router = APIRouter(prefix="/decisions/{draft_id}/package")

# The package's pages after its items, in order, each with whether the package so far
# (kept as SharingPackage writes it) answers it.
ANSWERED: dict[str, Callable[[Mapping[str, Any]], bool]] = {
    "recipient-check": lambda package: "recipient_identity_confirmed" in package,
    "channel": lambda package: "channel" in package,
    "onward": lambda package: "passing_on" in package.get("onward", {}),
    "limits": lambda package: "consent_limits" in package.get("onward", {}),
    "telling": lambda package: "telling" in package,
}
PAGES = list(ANSWERED)
ITEM_WORDS = FormWords(
    required={
        "what": "Enter the item you shared",
        "kind": "Select whether the item is a fact or an opinion",
        "source": "Enter where the item came from",
        "accuracy_checked": "Enter the date its accuracy was checked",
        "necessary_because": "Enter why the item is needed for the purpose",
        "needed_confirmed": "Confirm the item is needed for the purpose, or leave it out",
    }
)


def _go(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _package(draft: Draft) -> dict[str, Any]:
    package: dict[str, Any] = draft.state.setdefault(PACKAGE, {})
    return package


def _items(draft: Draft) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = _package(draft).setdefault("items", [])
    return items


def _next(draft: Draft) -> str:
    """The first page of the package not answered yet, or check your answers."""
    package = _package(draft)
    if not package.get("items"):
        return draft.url("package/items/new")
    for page, answered in ANSWERED.items():
        if not answered(package):
            return draft.url(f"package/{page}")
    return draft.url("package/check")


def _decided(draft: Draft) -> str | None:
    """Where to go instead, when the practitioner has not decided to share yet."""
    return None if draft.state.get(DECIDED) else draft.url("outcome")


def _after(draft: Draft, change: bool) -> RedirectResponse:
    draft.save()
    return _go(draft.url("package/check") if change else _next(draft))


def _given(form: Mapping[str, Any], names: Sequence[str]) -> dict[str, str]:
    """What was typed in each field, those left blank left out (so that the register
    says they are required, and the form says so in its words)."""
    typed = {name: str(form.get(name, "")).strip() for name in names}
    return {name: text for name, text in typed.items() if text}


# --- the items, with add another -----------------------------------------------------------


# Someone else's name, phone or email: the person the item is about has no number.
SOMEONE_ELSE = re.compile(r"^\[(?!FAMILY NAME).* \d+\]$")
IDENTIFYING = {"name", "phone", "email"}


def others_in(text: str, known: Known | None) -> list[str]:
    """Who else an item could identify (3.49): a name, phone or email found that is not
    the person's own, whether the register links them to the person or not."""
    found = deidentify(text, known).spans
    return list(
        dict.fromkeys(
            s.text for s in found if s.type in IDENTIFYING and SOMEONE_ELSE.match(s.placeholder)
        )
    )


def _warnings(draft: Draft) -> list[list[str]]:
    acting = Principal(draft.state["organisation"], draft.state["practitioner"])
    known = known_of(draft.register, acting, draft.state.get("person"))
    return [others_in(item["what"], known) for item in _items(draft)]


@router.get("/items")
def items(request: Request, draft: OpenDraft) -> Response:
    if elsewhere := _decided(draft):
        return _go(elsewhere)
    if not _items(draft):
        return _go(draft.url("package/items/new"))
    return _items_page(request, draft)


def _items_page(request: Request, draft: Draft, errors: Sequence[FactError] = ()) -> Response:
    count = len(_items(draft))
    return render(
        request,
        "decide/package/items.html",
        f"You have added {count} item{'' if count == 1 else 's'} to share",
        section="decide",
        back=draft.url("outcome"),
        errors=errors,
        items=_items(draft),
        warnings=_warnings(draft),
        full=count >= PACKAGE_ITEMS,
        most=PACKAGE_ITEMS,
        draft=draft,
        action=draft.url("package/items"),
    )


@router.post("/items")
async def items_answered(request: Request, draft: OpenDraft) -> Response:
    if elsewhere := _decided(draft):
        return _go(elsewhere)
    another = str((await request.form()).get("add_another", ""))
    full = len(_items(draft)) >= PACKAGE_ITEMS
    if another == "yes" and not full:
        return _go(draft.url("package/items/new"))
    if another not in ("yes", "no") and not full:
        error = problem("add_another", "Select yes if you need to add another item", "")
        return _items_page(request, draft, [error])
    if not _items(draft):
        return _go(draft.url("package/items/new"))
    package = _package(draft)
    return _go(draft.url("package/check") if "telling" in package else _next(draft))


def _item_page(
    request: Request,
    draft: Draft,
    place: int | None,
    values: Mapping[str, Any],
    checked: DateField,
    errors: Sequence[FactError] = (),
) -> Response:
    number = len(_items(draft)) + 1 if place is None else place
    return render(
        request,
        "decide/package/item.html",
        f"Item {number}: what you shared",
        section="decide",
        back=draft.url("package/items") if _items(draft) else draft.url("outcome"),
        errors=errors,
        words=ITEM_WORDS,
        values=values,
        accuracy_checked=checked,
        action=draft.url(f"package/items/{'new' if place is None else place}"),
    )


def _place(draft: Draft, place: str) -> int | None:
    """An item's place from 1, or None for a new one; a place with no item: not found."""
    if place == "new":
        return None
    if place.isdigit() and 1 <= int(place) <= len(_items(draft)):
        return int(place)
    return 0


@router.get("/items/{place}")
def item(request: Request, draft: OpenDraft, place: str) -> Response:
    if elsewhere := _decided(draft):
        return _go(elsewhere)
    at = _place(draft, place)
    if at == 0 or (at is None and len(_items(draft)) >= PACKAGE_ITEMS):
        return _go(draft.url("package/items"))
    values = dict(_items(draft)[at - 1]) if at else {}
    day = date.fromisoformat(values["accuracy_checked"]) if values else None
    typed = {"day": str(day.day), "month": str(day.month), "year": str(day.year)} if day else {}
    checked = DateField("accuracy_checked", "", typed or typed_parts({}, "accuracy_checked"))
    return _item_page(request, draft, at, values, checked)


@router.post("/items/{place}")
async def item_answered(request: Request, draft: OpenDraft, place: str) -> Response:
    if elsewhere := _decided(draft):
        return _go(elsewhere)
    at = _place(draft, place)
    if at == 0 or (at is None and len(_items(draft)) >= PACKAGE_ITEMS):
        return _go(draft.url("package/items"))
    form = await request.form()
    values: dict[str, Any] = _given(form, ("what", "kind", "source", "necessary_because"))
    values["needed_confirmed"] = form.get("needed_confirmed") == "yes"
    typed = typed_parts({k: str(v) for k, v in form.items()}, "accuracy_checked")
    day, wrong, said = read_date(
        typed, "The date its accuracy was checked", "The year its accuracy was checked"
    )
    errors = []
    if said:
        errors.append(problem(f"accuracy_checked-{wrong[0]}", said, DATE_ALLOWED))
    elif day and day > date.today():
        wrong = ("day",)
        errors.append(
            problem(
                "accuracy_checked-day",
                "The date its accuracy was checked must be today or in the past",
                DATE_ALLOWED,
            )
        )
    elif day:
        values["accuracy_checked"] = day.isoformat()
    if not values["needed_confirmed"]:
        values.pop("needed_confirmed")  # asked as a box to tick: unticked is not answered
    try:
        item = validated(PackageItem, values)
    except RecordRejected as rejected:
        errors.extend(e for e in rejected.errors if e.field != "accuracy_checked" or not said)
    if errors:
        checked = DateField("accuracy_checked", "", typed, wrong)
        return _item_page(request, draft, at, values, checked, errors)
    kept = item.model_dump(mode="json")
    if at is None:
        _items(draft).append(kept)
    else:
        _items(draft)[at - 1] = kept
    draft.save()
    return _go(draft.url("package/items"))


@router.get("/items/{place}/remove")
def remove(request: Request, draft: OpenDraft, place: str) -> Response:
    at = _place(draft, place)
    if _decided(draft) or not at:
        return _go(draft.url("package/items"))
    return _remove_page(request, draft, at)


def _remove_page(
    request: Request, draft: Draft, at: int, errors: Sequence[FactError] = ()
) -> Response:
    return render(
        request,
        "decide/package/remove.html",
        f"Are you sure you want to remove item {at}?",
        section="decide",
        back=draft.url("package/items"),
        errors=errors,
        item=_items(draft)[at - 1],
        action=draft.url(f"package/items/{at}/remove"),
    )


@router.post("/items/{place}/remove")
async def removed(request: Request, draft: OpenDraft, place: str) -> Response:
    at = _place(draft, place)
    if _decided(draft) or not at:
        return _go(draft.url("package/items"))
    sure = str((await request.form()).get("remove", ""))
    if sure not in ("yes", "no"):
        error = problem("remove", "Select yes if you want to remove the item", "")
        return _remove_page(request, draft, at, [error])
    if sure == "yes":
        del _items(draft)[at - 1]
        draft.save()
    return _go(draft.url("package/items"))


# --- one question each: the recipient, the channel, passing it on, consent, telling --------


def _kept(draft: Draft, page: str) -> dict[str, Any]:
    """The answers kept for a page, as its fields hold them."""
    package = _package(draft)
    if page == "recipient-check":
        return {"how": package.get("recipient_identity_confirmed", "")}
    if page == "channel":
        channel = package.get("channel", {})
        return {"by": channel.get("by", ""), f"check_{channel.get('by')}": "yes"}
    if page == "onward":
        return {"passing_on": package.get("onward", {}).get("passing_on", "")}
    if page == "limits":
        return dict(package.get("onward", {}))
    telling = dict(package.get("telling", {}))
    for name in ("told_on", "tell_by"):
        if telling.get(name):
            day = date.fromisoformat(telling[name])
            telling.update(
                {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}
            )
    return telling


TITLES = {
    "recipient-check": "How did you confirm who the recipient is?",
    "channel": "How did you share it?",
    "onward": "Will the recipient pass it on to anyone else?",
    "limits": "Did you explain the limits of the consent to the recipient?",
    "telling": "Has the person been told that their information is shared?",
}


def _ask(
    request: Request,
    draft: Draft,
    page: str,
    change: bool,
    values: Mapping[str, Any],
    errors: Sequence[FactError] = (),
    **context: Any,
) -> Response:
    return render(
        request,
        f"decide/package/{page}.html",
        TITLES[page],
        section="decide",
        back=draft.url("package/check") if change else _before(draft, page),
        errors=errors,
        values=values,
        recipient=receiving(draft),
        checks=CHANNEL_CHECKS,
        action=draft.url(f"package/{page}") + ("?change=1" if change else ""),
        framework=in_force(draft.register, draft.state["organisation"])
        if page == "telling"
        else None,
        **context,
    )


def _before(draft: Draft, page: str) -> str:
    at = PAGES.index(page)
    return draft.url(f"package/{PAGES[at - 1]}" if at else "package/items")


def _open(draft: Draft, page: str) -> str | None:
    """Where to go instead of this page: the decision, or an earlier page not answered."""
    if elsewhere := _decided(draft):
        return elsewhere
    following = _next(draft)
    pages = [f"package/{p}" for p in PAGES]
    earlier = pages[: pages.index(f"package/{page}")]
    return (
        following if any(following.endswith(p) for p in ["package/items/new", *earlier]) else None
    )


def _recipient_check(package: dict[str, Any], values: Mapping[str, str]) -> list[FactError]:
    how = values.get("how", "").replace("\x00", "")
    if not how:
        return [problem("how", "Enter how you confirmed who the recipient is", "")]
    if len(how) > BRIEF:
        said = f"Enter how you confirmed who the recipient is, in {BRIEF:,} characters or fewer"
        return [problem("how", said, "")]
    package["recipient_identity_confirmed"] = how
    return []


def _channel(package: dict[str, Any], values: Mapping[str, str]) -> list[FactError]:
    by = values.get("by", "")
    if by not in CHANNEL_CHECKS:
        return [problem("by", "Select how you shared it", "")]
    check = CHANNEL_CHECKS[by]
    if values.get(f"check_{by}") != "yes":
        said = f"Confirm the security check ({check.citation}): {check.check[0].lower()}"
        return [problem(f"check_{by}", said + check.check[1:], "")]
    package["channel"] = SecureChannel(by=by, check_confirmed=True).model_dump(mode="json")
    return []


def _onward(package: dict[str, Any], values: Mapping[str, str]) -> list[FactError]:
    passing_on = values.get("passing_on", "")
    if passing_on not in PASSING_ON:
        return [problem("passing_on", "Select whether they will pass it on", "")]
    package["onward"] = {**package.get("onward", {}), "passing_on": passing_on}
    return []


LIMITS_WORDS = {
    "consent_limits": "Select whether you explained the limits of the consent",
    "limits": "Enter the limits of the consent you explained",
}


def _limits(package: dict[str, Any], values: Mapping[str, str]) -> list[FactError]:
    given = {
        "passing_on": package["onward"]["passing_on"],
        **_given(values, ("consent_limits",)),
        **(_given(values, ("limits",)) if values.get("consent_limits") == "explained" else {}),
    }
    try:
        onward = validated(OnwardSharing, given)
    except RecordRejected as rejected:
        return _in_words(rejected.errors, LIMITS_WORDS, OnwardSharing)
    package["onward"] = onward.model_dump(mode="json")
    return []


TELLING_WORDS = {
    "status": "Select whether the person has been told",
    "why_not": "Enter why telling them is unsafe or inappropriate",
}
TELLING_DAYS = {
    "told_on": ("The date they were told", "The year they were told", "past"),
    "tell_by": ("The date to tell them by", "The year to tell them by", "future"),
}


def _telling(package: dict[str, Any], values: Mapping[str, str]) -> list[FactError]:
    status = values.get("status", "")
    given: dict[str, Any] = {"status": status} if status else {}
    errors = []
    wanted = {"told": "told_on", "to_tell": "tell_by"}.get(status)
    if wanted:
        whole, year, way = TELLING_DAYS[wanted]
        day, wrong, said = read_date(typed_parts(values, wanted), whole, year)
        today = date.today()
        if not said and day is None:
            wrong, said = ("day",), f"Enter {whole[0].lower()}{whole[1:]}"
        elif day and way == "past" and day > today:
            wrong, said = ("day",), f"{whole} must be today or in the past"
        elif day and way == "future" and day < today:
            wrong, said = ("day",), f"{whole} must be today or later"
        if said:
            errors.append(problem(f"{wanted}-{wrong[0]}", said, DATE_ALLOWED))
        elif day:
            given[wanted] = day.isoformat()
    elif status == "not_telling":
        given.update(_given(values, ("why_not",)))
    if errors:
        return errors
    try:
        telling = validated(PackageTelling, given)
    except RecordRejected as rejected:
        return _in_words(rejected.errors, TELLING_WORDS, PackageTelling)
    package["telling"] = telling.model_dump(mode="json")
    return []


def _in_words(
    errors: Sequence[FactError], words: Mapping[str, str], model: type[BaseModel]
) -> list[FactError]:
    """The register's errors, those of a field left out or blank in the page's words."""
    said = []
    for error in errors:
        if error.problem == "field required" or error.problem.startswith("is required"):
            said.append(problem(error.field, words.get(error.field, error.problem), ""))
        elif error.problem.startswith("is ") and "characters long" in error.problem:
            most = longest_text(model, error.field)
            asked = words.get(error.field, "Enter it")
            said.append(problem(error.field, f"{asked}, in {most:,} characters or fewer", ""))
        else:
            said.append(error)
    return said


READERS: dict[str, Callable[[dict[str, Any], Mapping[str, str]], list[FactError]]] = {
    "recipient-check": _recipient_check,
    "channel": _channel,
    "onward": _onward,
    "limits": _limits,
    "telling": _telling,
}


# --- check your answers, and the decision saved with its package ---------------------------


def _complete(draft: Draft) -> dict[str, Any] | None:
    """The package as the register takes it, once every page is answered."""
    package = _package(draft)
    if not package.get("items") or not all(answered(package) for answered in ANSWERED.values()):
        return None
    return {name: package[name] for name in SharingPackage.model_fields}


@router.get("/check")
def check(request: Request, draft: OpenDraft) -> Response:
    if elsewhere := _decided(draft):
        return _go(elsewhere)
    if _complete(draft) is None:
        return _go(_next(draft))
    return _check_page(request, draft)


def _check_page(request: Request, draft: Draft, errors: Sequence[FactError] = ()) -> Response:
    return render(
        request,
        "decide/package/check.html",
        "Check what you shared and how",
        section="decide",
        back=draft.url("package/telling"),
        errors=errors,
        package=SharingPackage.model_validate(_complete(draft)),  # its days as days
        warnings=_warnings(draft),
        recipient=receiving(draft),
        draft=draft,
        action=draft.url("package/check"),
        framework=in_force(draft.register, draft.state["organisation"]),
    )


@router.post("/check")
def save(request: Request, draft: OpenDraft) -> Response:
    if elsewhere := _decided(draft):
        return _go(elsewhere)
    package = _complete(draft)
    if package is None:
        return _go(_next(draft))
    if draft.setup_missing() or draft.walk().next is not None:
        return _go(draft.where_next())  # an answer changed since: the decision is asked again
    try:
        return save_decision(draft, package)
    except RecordRejected as rejected:
        if all(e.field.startswith("package") for e in rejected.errors):
            return _check_page(request, draft, rejected.errors)
        return decision_refused(request, draft, rejected.errors)  # what the form said


# Registered last: the pages above are not one of these.
@router.get("/{page}")
def question(request: Request, draft: OpenDraft, page: str, change: bool = False) -> Response:
    if page not in TITLES:
        return _go(_next(draft))
    if elsewhere := _open(draft, page):
        return _go(elsewhere)
    return _ask(request, draft, page, change, _kept(draft, page))


@router.post("/{page}")
async def answered(request: Request, draft: OpenDraft, page: str, change: bool = False) -> Response:
    if page not in TITLES:
        return _go(_next(draft))
    if elsewhere := _open(draft, page):
        return _go(elsewhere)
    form = await request.form()
    values = {name: str(value).strip() for name, value in form.items()}
    errors = READERS[page](_package(draft), values)
    if errors:
        return _ask(request, draft, page, change, values, errors)
    return _after(draft, change)
