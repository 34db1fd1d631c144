"""The guidance pages over HTTP: the flowchart drawn from the key questions, the glossary's
pages, and the page, linked from every page, on what has replaced the 2008 guidance."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Page

import tests.conftest as shared
from sharewise.guidance import load_edition
from sharewise.server import create_app
from sharewise.web.guidance import FLOW, flowchart
from tests.web.conftest import Live

EDITION = load_edition()
SVG = re.compile(r"<svg\b(.*?)>(.*?)</svg>", re.S)
SVG_TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>")
LINK = re.compile(r'href="([^"]+)"')


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app on an empty register: no guidance page reads the register."""
    folder = tmp_path_factory.mktemp("guidance-pages")
    with TestClient(create_app(f"sqlite:///{folder / 'empty.sqlite3'}")) as client:
        yield client


def page(client: TestClient, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, path
    assert response.headers["content-type"].startswith("text/html"), path
    assert response.text.count("<h1") == 1 and "</html>" in response.text, path
    return response.text


def words(markup: str) -> str:
    """The text of some markup, tags dropped and spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


# --- the 2008 guidance has been replaced ----------------------------------------------------


def test_every_page_says_the_2008_guidance_has_been_replaced(pages: TestClient) -> None:
    for path, status in {
        "/": 200,
        "/decisions/new": 200,
        "/records": 200,
        "/people": 200,
        "/guidance": 200,
        "/guidance/3.42": 200,
        "/no-such-page": 404,
    }.items():
        text = page(pages, path, status)
        banner = words(text.split('class="govuk-phase-banner', 1)[1].split("</div>", 1)[0])
        for said in (
            "2008 guidance",
            "has been replaced",
            "safeguard children (2015, 2018 and 2024 editions)",
            "UK GDPR and the Data Protection Act 2018",
            "follows the 2008 guidance until a later edition is added",
        ):
            assert said in banner, f"{path}: {said!r} not in the banner: {banner}"
        assert 'href="/guidance/about"' in text, path


def test_the_about_page_says_what_it_means_for_a_practitioner(pages: TestClient) -> None:
    text = words(page(pages, "/guidance/about"))
    for said in (
        "published in 2015 and updated in 2018 and 2024",
        "UK GDPR and the Data Protection Act 2018",
        "replaced the Data Protection Act 1998",
        "follows the 2008 guidance until then",
        "Check your organisation's current policy",
        "The principles carry over",
        "The law it names has been replaced",
        "follow your safeguarding procedures straight away",
    ):
        assert said in text, said


def test_where_the_guidance_names_the_1998_act_the_page_says_it_is_replaced(
    pages: TestClient,
) -> None:
    replaced = "The Data Protection Act 1998, which the 2008 guidance names, has been replaced"
    assert replaced in words(page(pages, "/guidance/glossary/personal-data"))
    assert replaced in words(page(pages, "/guidance/GR1"))
    assert replaced not in words(page(pages, "/guidance/glossary/consent"))


# --- the flowchart --------------------------------------------------------------------------


def test_the_flowchart_is_drawn_from_the_key_questions(pages: TestClient) -> None:
    text = page(pages, "/guidance/flowchart")
    drawings = SVG.findall(text)
    assert len(drawings) == 1 and "<img" not in text.split("<main", 1)[1]
    attributes, drawing = drawings[0]
    assert 'role="img"' in attributes
    labelled_by = re.search(r'aria-labelledby="([^"]+)"', attributes)
    assert labelled_by
    for name in labelled_by[1].split():
        assert f'id="{name}"' in drawing
    drawn = " ".join(html.unescape(line) for line in SVG_TEXT.findall(drawing))
    for question in EDITION.key_questions.values():
        assert f"Question {question.number} {question.question}" in drawn
    for step in FLOW.values():
        for way in step.exits:
            assert f"If {way.answer}: {way.outcome}." in drawn


def test_the_flowchart_has_its_notes_and_its_words(pages: TestClient) -> None:
    text = page(pages, "/guidance/flowchart")
    after = words(text.split("</svg>", 1)[1])
    notes = words(EDITION.notes["flowchart"].summary)
    assert "follow the safeguarding procedures straight away" in notes
    assert "get advice and make a record" in notes
    for sentence in re.split(r"(?<=\.) ", notes):
        assert sentence in after
    # In words: every question, linked to its page, and where each answer leads.
    for question in EDITION.key_questions.values():
        assert f'href="/guidance/{question.id}"' in text
        assert f"Question {question.number}: {question.question}" in after
    assert "If yes: go to question 2." in after
    assert "If no: do not share. Go to question 7." in after
    assert "If no: it was refused, or asking would be unsafe: go to question 5." in after
    assert "Then go to question 7." in after


def test_the_flowchart_leads_every_answer_somewhere_that_exists() -> None:
    for ref, step in FLOW.items():
        assert ref in EDITION.key_questions
        for way in step.exits:
            assert way.then in EDITION.key_questions, (ref, way)
    assert list(FLOW) == list(EDITION.key_questions)


def test_the_flowchart_is_laid_out_without_overlaps() -> None:
    drawing = flowchart(EDITION)
    boxes = drawing.boxes
    for n, box in enumerate(boxes):
        assert box.x >= 0 and box.x + box.width <= drawing.width
        assert box.y >= 0 and box.y + box.height <= drawing.height
        for other in boxes[n + 1 :]:
            apart = (
                box.x + box.width <= other.x
                or other.x + other.width <= box.x
                or box.y + box.height <= other.y
                or other.y + other.height <= box.y
            )
            assert apart, (box.texts[0].text, other.texts[0].text)
        for line in box.texts:
            assert box.y < line.y < box.y + box.height
    for label in drawing.labels:
        assert not any(
            box.x <= label.x <= box.x + box.width and box.y <= label.y <= box.y + box.height
            for box in boxes
        ), label.text


@pytest.mark.parametrize("seeded", shared.BACKENDS[:1], indirect=True)
def test_the_flowchart_text_fits_its_boxes_in_a_browser(page: Page, live: Live) -> None:
    """The layout guesses how wide a line of text is: Chromium measures it."""
    page.goto("/guidance/flowchart")
    wrong = page.evaluate(
        """() => {
          const inside = (line, box) => line.x >= box.x && line.y >= box.y
            && line.x + line.width <= box.x + box.width
            && line.y + line.height <= box.y + box.height;
          const meets = (line, box) => line.x < box.x + box.width && box.x < line.x + line.width
            && line.y < box.y + box.height && box.y < line.y + line.height;
          const boxes = [...document.querySelectorAll("svg g")]
            .map(g => [g.querySelector("rect").getBBox(), g]);
          const wrong = [];
          for (const [box, g] of boxes) {
            for (const text of g.querySelectorAll("text")) {
              if (!inside(text.getBBox(), box)) wrong.push(text.textContent);
            }
          }
          for (const text of document.querySelectorAll("svg > text")) {
            if (boxes.some(([box]) => meets(text.getBBox(), box))) wrong.push(text.textContent);
          }
          return wrong;
        }"""
    )
    assert wrong == [], f"text outside its box, or a label over a box: {wrong}"


# --- the glossary ---------------------------------------------------------------------------


def test_the_glossary_links_every_term_to_its_page(pages: TestClient) -> None:
    text = page(pages, "/guidance/glossary")
    linked = [link for link in LINK.findall(text) if link.startswith("/guidance/glossary/")]
    assert linked == [f"/guidance/glossary/{term}" for term in EDITION.glossary]
    assert 'href="/guidance/glossary"' in page(pages, "/guidance")


def test_each_term_has_a_page_with_its_paragraphs(pages: TestClient) -> None:
    ids = list(EDITION.glossary)
    for at, term in enumerate(EDITION.glossary.values()):
        text = page(pages, f"/guidance/glossary/{term.id}")
        assert f">{html.escape(term.term, quote=False)}</h1>" in text
        assert html.escape(term.definition, quote=False) in text.replace("&#39;", "'")
        links = LINK.findall(text)
        for ref in term.paragraphs:
            assert f"/guidance/{ref}" in links, (term.id, ref)
        if at > 0:
            assert f"/guidance/glossary/{ids[at - 1]}" in links
        if at + 1 < len(ids):
            assert f"/guidance/glossary/{ids[at + 1]}" in links


def test_a_paragraph_links_the_terms_the_glossary_gives_it(pages: TestClient) -> None:
    links = LINK.findall(page(pages, "/guidance/3.42"))
    for term in ("serious-crime", "serious-harm", "significant-harm", "public-interest-test"):
        assert f"/guidance/glossary/{term}" in links
    none = LINK.findall(page(pages, "/guidance/1.2"))  # a paragraph no term names
    assert not any(link.startswith("/guidance/glossary/") for link in none)


def test_a_term_not_in_the_glossary_is_not_found(pages: TestClient) -> None:
    text = page(pages, "/guidance/glossary/no-such-term", 404)
    assert "Term not found" in text and "no-such-term is not a term" in text


def test_the_guidance_pages_link_to_one_another(pages: TestClient) -> None:
    index = LINK.findall(page(pages, "/guidance"))
    for path in ("/guidance/pocket-guide", "/guidance/flowchart", "/guidance/glossary"):
        assert path in index
    assert "/guidance/about" in index
    assert "/guidance/flowchart" in LINK.findall(page(pages, "/guidance/pocket-guide"))
    assert "/guidance/flowchart#Q4" in LINK.findall(page(pages, "/guidance/Q4"))


def test_no_guidance_page_loads_anything_from_another_host(pages: TestClient) -> None:
    for path in ("/guidance/about", "/guidance/flowchart", "/guidance/glossary/consent"):
        text = page(pages, path)
        assert not re.findall(r'(?:src|<link[^>]*href)="(?:https?:)?//', text), path
