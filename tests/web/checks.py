"""Page checks shared by the web tests: language, alt text, labels, no inline script or style."""

from __future__ import annotations

from bs4 import BeautifulSoup

UNLABELLED_OK = {"hidden", "submit", "button", "reset", "image"}


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def problems(html: str) -> list[str]:
    """Everything an accessible, CSP-clean page must not have; an empty list when the page is fine."""
    soup = BeautifulSoup(html, "html.parser")
    found: list[str] = []
    root = soup.find("html")
    if root is None or not root.get("lang"):
        found.append("html has no lang")
    for img in soup.find_all("img"):
        if img.get("alt") is None:
            found.append(f"img without alt: {img.get('src')}")
    labelled_ids = {label.get("for") for label in soup.find_all("label") if label.get("for")}
    for control in soup.find_all(["input", "select", "textarea"]):
        if control.name == "input" and control.get("type", "text") in UNLABELLED_OK:
            continue
        if control.get("aria-label") or control.get("aria-labelledby"):
            continue
        if control.get("id") and control["id"] in labelled_ids:
            continue
        if control.find_parent("label") is not None:
            continue
        found.append(f"{control.name} without label: {control.get('name')}")
    for script in soup.find_all("script"):
        if not script.get("src") and not script.get("nonce") and script.get("type") != "application/ld+json":
            found.append("inline script without nonce")
    for tag in soup.find_all(style=True):
        found.append(f"inline style attribute on {tag.name}")
    if len(soup.find_all("h1")) != 1:
        found.append(f"{len(soup.find_all('h1'))} h1 elements")
    if soup.find(id="main") is None or soup.find("a", class_="skip-link", href="#main") is None:
        found.append("no skip link to #main")
    return found
