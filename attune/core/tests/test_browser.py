"""Attune in a real browser: people sign in through the sign-in form and see what their role allows.

Playwright's sync API drives Debian's Chromium (`make browser` installs it) against pytest-django's live
server. Chromium starts once for the module; every test has its own browser context, so no cookies or
sessions are shared between tests, and its own database state (transactional tests are flushed after each).
"""

import os
import re
from base64 import b32decode
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run while one is active
# unless told that this is deliberate. The test code and the live server never share a connection.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from django_otp.oath import totp  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

from conftest import PASSWORD  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Generous, because a shared CI machine can be slow; a passing step takes well under a second.
TIMEOUT_MS = 15_000

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Records Content-Security-Policy violations in each page, before any of the page's own scripts run.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`);
});
"""


@pytest.fixture(scope="module")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run `make browser` first.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, email, password):
    """Fill in and send the sign-in form, as a person would."""
    page.goto("/sign-in/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Attune")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()


def heading(page):
    return page.get_by_role("heading", level=1)


def list_after(page, title):
    """The list that follows a second-level heading on the home page."""
    return page.get_by_role("heading", level=2, name=title).locator("xpath=following-sibling::ul[1]")


def test_team_member_sees_their_team_and_not_the_admin_pages(page, live_server, world):
    sign_in(page, world.learner.email, PASSWORD)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page).to_have_title("Home – Attune")
    expect(heading(page)).to_have_text("Hello, Alice Learner")
    expect(list_after(page, "Your teams")).to_contain_text("Neonatal Unit, Test NHS Trust")
    expect(list_after(page, "Your teams").get_by_role("link", name="Neonatal Unit")).to_be_visible()
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="Team", exact=True)).to_be_visible()
    expect(page.get_by_text("Organisations you administer")).to_have_count(0)
    expect(page.get_by_role("link", name="Test NHS Trust")).to_have_count(0)

    page.goto("/organisations/test-trust/")
    expect(page).to_have_title("Page not found – Attune")
    expect(heading(page)).to_have_text("Page not found")
    expect(page.get_by_text("Test NHS Trust")).to_have_count(0)


def test_organisation_admin_sets_up_two_factor_then_sees_their_organisation(page, live_server, world):
    sign_in(page, world.admin.email, PASSWORD)

    # Org admins must have two-factor sign-in before anything else.
    expect(page).to_have_url(re.compile(r"/account/two-factor/\?required=1$"))
    expect(heading(page)).to_have_text("Set up two-factor sign-in")
    expect(page.get_by_text("you need two-factor sign-in before you continue")).to_be_visible()
    secret = page.locator(".attune-secret").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]+=*", secret), f"The key shown is not base32: {secret!r}"
    # Going elsewhere first still leads back to the set-up page.
    page.goto("/organisations/test-trust/")
    expect(heading(page)).to_have_text("Set up two-factor sign-in")
    expect(page.locator(".attune-secret")).to_have_text(secret)

    page.get_by_label("Security code").fill(f"{totp(b32decode(secret), step=30):06d}")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_text("Two-factor sign-in is set up.")).to_be_visible()
    expect(heading(page)).to_have_text("Hello, Adam Admin")
    administered = list_after(page, "Organisations you administer")
    expect(administered).to_contain_text("Test NHS Trust")

    administered.get_by_role("link", name="Test NHS Trust").click()
    expect(page).to_have_url(f"{live_server.url}/organisations/test-trust/")
    expect(heading(page)).to_have_text("Test NHS Trust")
    expect(page.get_by_text("Organisation admin", exact=True)).to_be_visible()

    page.get_by_role("link", name=re.compile(r"^People \(\d+\)$")).click()
    expect(page).to_have_url(f"{live_server.url}/organisations/test-trust/people/")
    expect(heading(page)).to_have_text("People in Test NHS Trust")
    alice = page.get_by_role("row").filter(has=page.get_by_role("link", name="Alice Learner"))
    expect(alice).to_contain_text("Member (Neonatal Unit)")
    expect(page.get_by_role("link", name="Olly Outsider")).to_have_count(0)

    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/sign-in/$"))
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    expect(heading(page)).to_have_text("Sign in to Attune")
    page.goto("/organisations/test-trust/people/")
    expect(heading(page)).to_have_text("Sign in to Attune")


def test_five_wrong_passwords_pause_signing_in(page, world):
    for _ in range(4):
        sign_in(page, world.learner.email, "not-the-right-password")
        expect(page).to_have_title("Error: Sign in – Attune")
        expect(page.get_by_role("alert")).to_contain_text("The email address or password is not right")

    sign_in(page, world.learner.email, "not-the-right-password")
    expect(page).to_have_title("Signing in is paused – Attune")
    expect(heading(page)).to_have_text("Signing in is paused for this account")

    # While paused, even the right password does not sign the person in.
    sign_in(page, world.learner.email, PASSWORD)
    expect(heading(page)).to_have_text("Signing in is paused for this account")
    page.goto("/")
    expect(heading(page)).to_have_text("Sign in to Attune")


def test_pages_load_without_policy_violations_or_script_errors(page, live_server, world):
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))

    def check(what):
        page.wait_for_load_state("networkidle")
        # The inline script that marks the page as having JavaScript ran, so its nonce was accepted.
        expect(page.locator("body")).to_have_class(re.compile(r"\bjs-enabled\b"))
        violations = page.evaluate("window.__cspViolations")
        assert not violations and not problems, (
            f"On {what}: Content-Security-Policy violations {violations}; console errors {problems}"
        )

    page.goto("/sign-in/")
    expect(heading(page)).to_have_text("Sign in to Attune")
    check("the sign-in page")

    sign_in(page, world.learner.email, PASSWORD)
    expect(heading(page)).to_have_text("Hello, Alice Learner")
    check("the home page")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Team", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/teams/")
    check("the teams page")
