"""Shared fixtures: headless Chromium through Playwright, axe-core checks, and the CI rules.

In CI (CI=true) a missing browser or service fails the run instead of skipping tests.
"""

from __future__ import annotations

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; Django's live server runs in another.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("PERTHYN_CHROMIUM", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}


def need(condition: bool, what: str):
    """Skip locally when a service is missing; fail in CI, where nothing may be skipped silently."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but is not available", pytrace=False)
    pytest.skip(f"{what} is not available")


@pytest.fixture(name="need", scope="session")
def need_fixture():
    """`need(condition, what)` as a fixture, for test modules that cannot import this conftest."""
    return need


def _uses_db(item) -> bool:
    return bool(DB_FIXTURES & set(getattr(item, "fixturenames", ()))) or item.get_closest_marker("django_db") is not None


def pytest_collection_modifyitems(config, items):
    # The PostgreSQL pass repeats only the tests that touch the database; the rest ran on SQLite.
    if ON_POSTGRES and os.environ.get("PERTHYN_DB_TESTS_ONLY") == "1":
        keep, drop = [], []
        for item in items:
            (keep if _uses_db(item) else drop).append(item)
        if drop:
            config.hook.pytest_deselected(items=drop)
            items[:] = keep


@pytest.fixture(scope="session")
def browser():
    need(shutil.which(CHROMIUM) is not None or os.path.exists(CHROMIUM), f"Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB")
    p = context.new_page()
    p.set_default_timeout(15_000)
    yield p
    context.close()


def axe_check(page, *, context: str = ""):
    """Run axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the page and fail with a readable list."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}},
    )
    violations = results.response["violations"]
    if violations:
        lines = [f"axe-core found {len(violations)} violation(s) on {context or page.url}:"]
        for v in violations:
            targets = ", ".join(str(n["target"]) for n in v["nodes"][:5])
            lines.append(f"  - {v['id']} ({v['impact']}): {v['help']} at {targets}")
        pytest.fail("\n".join(lines), pytrace=False)


@pytest.fixture
def axe():
    return axe_check


@pytest.fixture
def login(page, live_server):
    """Sign a user in through the real login form."""

    def _login(username: str, password: str):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state()

    return _login
