"""The helper that finds English source strings on Indonesian pages, judged against a message catalogue."""

from __future__ import annotations

from tests.web.checks import untranslated, visible_texts

PO = """
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Shop by craft"
msgstr "Belanja menurut kerajinan"

msgid "New arrivals"
msgstr ""

msgid "Batik"
msgstr "Batik"

msgid "Search crafts"
msgstr "Cari kerajinan"
"""


def test_untranslated_lists_english_sources_shown_on_the_page(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(PO)
    html = """<html lang="id"><body><h2>Shop by craft</h2><h2>New arrivals</h2><p>Batik</p>
    <input aria-label="Search crafts"><h2>Belanja menurut kerajinan</h2><script>var x = "Shop by craft";</script>
    </body></html>"""
    assert untranslated(html, po) == ["New arrivals", "Search crafts", "Shop by craft"]


def test_a_fully_indonesian_page_has_nothing_untranslated(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(PO)
    html = '<html lang="id"><body><h2>Belanja   menurut\nkerajinan</h2><p>Batik</p></body></html>'
    assert untranslated(html, po) == []
    assert visible_texts(html) == ["Belanja menurut kerajinan", "Batik"]
