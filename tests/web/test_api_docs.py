"""The API's interactive docs in Chromium: Swagger UI comes from sharewise's own server,
so the page works with no other host to reach, and under its Content-Security-Policy
(the `page` fixture fails on anything the policy refuses)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route, expect

import tests.conftest as shared
from tests.web.conftest import Live


@pytest.mark.parametrize("seeded", shared.BACKENDS[:1], indirect=True)
def test_the_api_docs_work_offline(page: Page, live: Live) -> None:
    elsewhere: list[str] = []

    def offline(route: Route) -> None:
        if route.request.url.startswith(live.url):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", offline)
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("sharewise API")
    expect(page.locator(".opblock-tag-section").first).to_be_visible()
    # An operation opened, and tried: its icons, its example and the request it sends.
    page.locator(".opblock-summary", has_text="/assessments").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".responses-wrapper .live-responses-table")).to_be_visible()
    assert elsewhere == []
