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


def visible_texts(html: str) -> list[str]:
    """The text a user sees: text nodes (whitespace collapsed) plus alt, placeholder, aria-label and title."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "template", "noscript"]):
        hidden.decompose()
    texts = [" ".join(s.split()) for s in soup.find_all(string=True)]
    for attr in ("alt", "placeholder", "aria-label", "title"):
        texts += [" ".join(tag[attr].split()) for tag in soup.find_all(attrs={attr: True})]
    return [t for t in texts if t]


def untranslated(html: str, po_path) -> list[str]:
    """English source strings shown on a page that should be Indonesian, judged against a ``.po`` catalogue.

    A text is untranslated when it equals the msgid of an entry whose msgstr differs from it (or is empty):
    the page showed the English source where the catalogue has, or lacks, the Indonesian.
    """
    import polib

    catalogue = polib.pofile(str(po_path))
    english = {
        " ".join(entry.msgid.split())
        for entry in catalogue
        if not entry.obsolete and entry.msgid and " ".join(entry.msgstr.split()) != " ".join(entry.msgid.split())
    }
    return sorted({text for text in visible_texts(html) if text in english})


# English words and phrases of the admin and the pages that must never show on an Indonesian page, beyond the
# catalogues' msgids (Django's placeholders and default titles, the app headings before they had verbose names).
ENGLISH_UI_PHRASES = frozenset(
    {
        "- Select an option -",
        "---------",
        "Export",
        "Import",
        "Catalog",
        "Catalogue",
        "Artisans",
        "Orders",
        "Craftmarket",
        "Common",
        "Select an option",
    }
)


def english_ui_texts(*po_paths) -> set[str]:
    """Every English text that has an Indonesian translation in the given catalogues (the project's, Django's own,
    the admin's), plus ENGLISH_UI_PHRASES: shown on an Indonesian page, each is a missed translation."""
    import polib

    texts = set(ENGLISH_UI_PHRASES)
    for path in po_paths:
        for entry in polib.pofile(str(path)):
            msgid = " ".join(entry.msgid.split())
            if entry.obsolete or not msgid or entry.msgctxt:
                continue
            translated = " ".join((entry.msgstr or next(iter(entry.msgstr_plural.values()), "")).split())
            if translated != msgid:  # the same word in both languages ("Status", "Email") is not English-only
                texts.add(msgid)
    return texts


def untranslated_ui(html: str, english: set[str], *, allowed: frozenset[str] = frozenset()) -> list[str]:
    """The visible texts of ``html`` that are one of ``english`` (see ``english_ui_texts``), minus ``allowed``
    (data that happens to spell an English word, e.g. the brand in the site header)."""
    return sorted({text for text in visible_texts(html) if text in english and text not in allowed})
