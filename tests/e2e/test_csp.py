"""Chromium loads the pages and reports no Content-Security-Policy violation: the policy is enforced and the pages
satisfy it (no inline script or style, no foreign origin). Later rounds add their journeys' pages to PAGES."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGES = ["/", "/accounts/login/", "/no-such-page/", "/api/v1/docs/", f"/{settings.ADMIN_URL}login/"]
STAFF_PAGES = [f"/{settings.ADMIN_URL}", f"/{settings.ADMIN_URL}artisans/user/"]

COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${where}`);
});
"""


@pytest.fixture
def browser_page(browser):
    """A fresh page of the session's Chromium (pytest-playwright's ``browser``, launched by tests/e2e/conftest.py):
    a second sync_playwright() in the same session would clash with its event loop."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(COLLECT_VIOLATIONS)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    page.csp_console = console  # type: ignore[attr-defined]
    yield page
    context.close()


def _violations(page) -> list[str]:
    page.wait_for_load_state("networkidle")
    return [*page.evaluate("window.__cspViolations"), *page.csp_console]


@pytest.mark.parametrize("path", PAGES)
def test_public_pages_cause_no_csp_violation(live_server, browser_page, path):
    response = browser_page.goto(live_server.url + path)
    assert response.status in (200, 404)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert _violations(browser_page) == []


def test_staff_pages_cause_no_csp_violation(live_server, browser_page):
    staff = UserFactory(email="dewi@dekranas.id", is_staff=True, is_superuser=True)
    browser_page.goto(f"{live_server.url}/{settings.ADMIN_URL}login/")
    browser_page.fill("#id_username", staff.email)
    browser_page.fill("#id_password", PASSWORD)
    browser_page.click("input[type=submit], button[type=submit]")
    browser_page.wait_for_url(f"{live_server.url}/{settings.ADMIN_URL}")
    for path in STAFF_PAGES:
        response = browser_page.goto(live_server.url + path)
        assert response.status == 200, path
        assert _violations(browser_page) == [], path


def test_the_policy_is_enforced_not_just_sent(live_server, browser_page):
    """A page that breaks the policy is reported: proof that the collector above would see a violation."""
    browser_page.goto(live_server.url + "/")
    browser_page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.x = 1'; document.body.append(s); }"
    )
    assert any("script-src" in v for v in _violations(browser_page))
    assert browser_page.evaluate("window.x === undefined")


def _visit_each(page, base: str, paths: list[str], *, as_user: str | None = None) -> None:
    """Open every path (signed in as ``as_user`` when given, after signing out): each answers 200 and breaks no
    rule of the policy."""
    if as_user is not None:
        page.context.clear_cookies()
        _log_in(page, base, as_user)
    for path in paths:
        response = page.goto(base + path)
        assert response.status == 200, path
        assert _violations(page) == [], path


def _log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit], form input[type=submit]")
    page.wait_for_load_state("networkidle")


def test_the_journeys_pages_cause_no_csp_violation(live_server, browser_page):
    """Browse, cart, orders and notifications as a buyer; the studio as an artisan: no page breaks the policy."""
    from django.urls import reverse

    from orders.services.cart import cart_get_or_create, cart_line_add
    from tests.factories import VariantFactory

    variant = VariantFactory(stock=5)
    product = variant.product
    artisan = product.artisan
    buyer = UserFactory(email="rina@example.id")
    cart_line_add(cart=cart_get_or_create(user=buyer), variant_id=variant.pk, quantity=1)
    public = [
        reverse("catalog:product", kwargs={"slug": product.slug}),
        reverse("catalog:category", kwargs={"slug": product.category.slug}),
        reverse("catalog:search") + "?q=rotan",
        reverse("artisans:detail", kwargs={"slug": artisan.slug}),
    ]
    buyer_pages = [reverse("orders:cart"), reverse("orders:order-list"), reverse("notifications")]
    studio_pages = [
        reverse("studio:dashboard"),
        reverse("studio:profile"),
        reverse("studio:certifications"),
        reverse("catalog:studio-products"),
        reverse("catalog:studio-edit", kwargs={"slug": product.slug}),
        reverse("orders:studio-orders"),
    ]
    _visit_each(browser_page, live_server.url, public)
    _visit_each(browser_page, live_server.url, buyer_pages, as_user=buyer.email)
    _visit_each(browser_page, live_server.url, studio_pages, as_user=artisan.user.email)


def test_the_checkout_and_order_pages_cause_no_csp_violation(live_server, browser_page):
    """Checkout, the purchase's payment page, the order, its invoice and a new address as a buyer; the order, its
    packing slip and a new product in the studio; the sign-up page: no page breaks the policy."""
    from django.urls import reverse

    from orders.services.cart import cart_get_or_create, cart_line_add
    from tests.e2e.journeys.conftest import seed_reference_data
    from tests.factories import VariantFactory
    from tests.orders.factories import AddressFactory, checkout

    seed_reference_data()  # shipping rates: an earlier transactional test flushed the migrated ones
    variant = VariantFactory(stock=5)
    artisan = variant.product.artisan
    buyer = UserFactory(email="rina@example.id")
    purchase = checkout(buyer, AddressFactory(user=buyer), (variant, 1))
    order = purchase.orders.get()
    cart_line_add(cart=cart_get_or_create(user=buyer), variant_id=variant.pk, quantity=1)  # for the checkout page
    number = {"number": order.number}
    buyer_pages = [
        reverse("orders:checkout"),
        reverse("orders:address-create"),
        reverse("orders:purchase", kwargs={"number": purchase.number}),
        reverse("orders:order-detail", kwargs=number),
        reverse("orders:invoice", kwargs=number),
    ]
    studio_pages = [
        reverse("orders:studio-order", kwargs=number),
        reverse("orders:packing-slip", kwargs=number),
        reverse("catalog:studio-create"),
    ]
    _visit_each(browser_page, live_server.url, [reverse("signup")])
    _visit_each(browser_page, live_server.url, buyer_pages, as_user=buyer.email)
    _visit_each(browser_page, live_server.url, studio_pages, as_user=artisan.user.email)
