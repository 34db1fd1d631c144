"""De-identify a text before it goes to an advisor, and put the originals back in the
answer that comes back. Golden rule 3 (and 1.11, 3.44): a practitioner who is unsure asks
for advice, where they can without giving the person's identity; the mapping from
placeholder to person stays on their side (`Masked`), never in what is sent."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence

from sharewise.advice import held, ner, patterns
from sharewise.advice.dates import find_dates
from sharewise.advice.found import HIDDEN, Found
from sharewise.advice.held import written_as_a_name
from sharewise.advice.placeholders import Placeholders
from sharewise.advice.schemas import Known, Masked, Span, SpanType
from sharewise.advice.text import fold, whole, words
from sharewise.advice.words import NOT_NAMES

Finder = Callable[[str], Iterable[Found]]
"""A further way of finding identifiers in a text (NER, `sharewise.advice.ner`)."""


def deidentify(
    text: str,
    known: Known | None = None,
    *,
    hide: Sequence[str] = (),
    show: Sequence[str] = (),
    finders: Sequence[Finder] | None = None,
) -> Masked:
    """The text with every identifier found replaced by its placeholder. `hide`: words
    or phrases to hide wherever they are; `show`: the texts of spans to leave visible;
    `finders`: besides what is held and the patterns, NER unless others are named (none,
    `()`, for what needs no language model)."""
    known = known or Known()
    # One phrase given alone is one phrase, not its letters.
    hide, show = ([h] if isinstance(h, str) else h for h in (hide, show))
    folded = fold(text)
    found = [*held.find(text, folded, known), *patterns.find(text, folded)]
    for finder in (ner.find,) if finders is None else finders:
        found.extend(finder(text))
    found.extend(_hidden(folded, hide))
    found.extend(_again(text, folded, found))
    shown = {fold(s).strip() for s in show}
    kept = [f for f in found if folded[f.start : f.end].strip() not in shown]
    chosen = [f for f in _choose(kept) if folded[f.start : f.end].strip() not in shown]
    return _masked(text, chosen, Placeholders(known))


def restore(text: str, masked: Masked) -> str:
    """The text with each placeholder replaced by the fullest original it stood for: an
    advisor's answer ("[CHILD]'s mother", or "[Child]'s") read back with the names."""
    if text == masked.text:
        return _unmasked(masked)  # every span back in its place: the input itself
    originals: dict[str, str] = {}
    for span in masked.spans:
        if len(span.text) > len(originals.get(span.placeholder, "")):
            originals[span.placeholder] = span.text
    if not originals:
        return text
    pattern = "|".join(map(re.escape, sorted(originals, key=len, reverse=True)))
    return re.sub(pattern, lambda m: originals[m.group().upper()], text, flags=re.IGNORECASE)


def _hidden(folded: str, hide: Sequence[str]) -> Iterator[Found]:
    """What the practitioner asked to hide, everywhere it is written. Where a finder
    found the same words, its kind of identifier stands (`_choose`)."""
    for phrase in hide:
        parts = fold(phrase).split()
        if not parts:
            continue
        key = " ".join(parts)
        # A visit's date stays unless the practitioner hides it: then it is a date.
        dated = any(d.start == 0 and d.end == len(key) for d in find_dates(key))
        kind: SpanType = "date" if dated else "other"
        for m in re.finditer(whole(r"\s+".join(map(re.escape, parts))), folded):
            yield Found(m.start(), m.end(), kind, (kind, key), HIDDEN)


def _again(text: str, folded: str, found: list[Found]) -> Iterator[Found]:
    """A name found once by a pattern or NER ("Dr Sarah Jones") masked wherever it is
    written again ("Sarah said"), as the same person."""
    names = {
        f.who: (text[f.start : f.end], f.source)
        for f in found
        if f.type == "name" and f.who[0] == "someone"
    }
    for who, (name, source) in names.items():
        for word in words(name):
            if len(word) < 2 or word in NOT_NAMES:
                continue
            for m in re.finditer(whole(re.escape(word)), folded):
                if text[m.start()].isupper() and written_as_a_name(text, m, word):
                    yield Found(m.start(), m.end(), "name", who, source)


def _choose(found: Iterable[Found]) -> Iterator[Found]:
    """One span for each run of overlapping finds, covering all of the run."""
    ordered = sorted(found, key=lambda f: (f.start, -f.end))
    run: list[Found] = []
    for f in ordered:
        if run and f.start >= max(r.end for r in run):
            yield _one(run)
            run = []
        run.append(f)
    if run:
        yield _one(run)


def _one(run: list[Found]) -> Found:
    """What a run is: what the find covering all of it says (an email that holds a name
    is an email), with the person or thing from the strongest source that found the same
    kind within it (NER's "Kayden Smith" around the held "Kayden" is the child). What the
    practitioner hid takes another finder's kind where both found the same words."""
    start, end = min(f.start for f in run), max(f.end for f in run)
    found = {(f.start, f.end) for f in run if f.source != HIDDEN}
    run = [f for f in run if f.source != HIDDEN or (f.start, f.end) not in found]
    covering = [f for f in run if (f.start, f.end) == (start, end)]
    kind = max(covering or run, key=lambda f: (f.source, f.size))
    who = max((f for f in run if f.type == kind.type), key=lambda f: (f.source, f.size))
    return Found(start, end, kind.type, who.who, who.source)


def _masked(text: str, chosen: list[Found], placeholders: Placeholders) -> Masked:
    chosen = _people_joined(text, chosen)
    spans, pieces, at = [], [], 0
    for f in chosen:
        placeholder = placeholders.of(f.who, f.type)
        written = text[f.start : f.end]
        spans.append(
            Span(start=f.start, end=f.end, text=written, type=f.type, placeholder=placeholder)
        )
        pieces += [text[at : f.start], placeholder]
        at = f.end
    pieces.append(text[at:])
    return Masked(text="".join(pieces), spans=spans)


def _people_joined(text: str, chosen: list[Found]) -> list[Found]:
    """Someone found only by their name's words is the same someone as an earlier find
    whose name holds all of those words ("Sarah" after "Sarah Jones")."""
    seen: list[tuple[tuple[str, ...], tuple[object, ...]]] = []
    joined = []
    for f in chosen:
        if f.type == "name" and f.who[0] == "someone":
            mine = tuple(words(text[f.start : f.end]))
            for theirs, who in seen:
                if set(mine) <= set(theirs) or set(theirs) <= set(mine):
                    f = Found(f.start, f.end, f.type, who, f.source)
                    break
            else:
                seen.append((mine, f.who))
        joined.append(f)
    return joined


def _unmasked(masked: Masked) -> str:
    # Each placeholder sits where its span was, shifted by the placeholders before it.
    pieces, at, shift = [], 0, 0
    for span in masked.spans:
        start = span.start + shift
        pieces += [masked.text[at:start], span.text]
        at = start + len(span.placeholder)
        shift += len(span.placeholder) - len(span.text)
    return "".join(pieces) + masked.text[at:]
