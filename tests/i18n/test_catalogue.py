"""The committed catalogues are complete: every message has an Indonesian (and English) text with the same
placeholders, nothing is fuzzy, and every string marked in the code is in the catalogue."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

from tests.i18n.conftest import EN_PO, ID_PO

_spec = importlib.util.spec_from_file_location("i18n_check", Path(settings.BASE_DIR) / "tools" / "i18n_check.py")
i18n_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(i18n_check)

SOURCES = ["artisans", "catalog", "orders", "craftmarket", "templates", "static"]


def live_entries(path: Path) -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(path)) if not entry.obsolete]


@pytest.mark.parametrize("po_path", [ID_PO, EN_PO], ids=["id", "en"])
def test_every_message_is_translated_unfuzzy_with_the_same_placeholders(po_path):
    broken = {e.msgid: problems for e in live_entries(po_path) if (problems := i18n_check.entry_problems(e))}
    assert broken == {}


def test_the_catalogues_are_for_the_right_languages_and_plural_rules():
    indonesian = polib.pofile(str(ID_PO))
    english = polib.pofile(str(EN_PO))
    assert indonesian.metadata["Language"] == "id"
    assert indonesian.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert english.metadata["Language"] == "en"
    assert english.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert not indonesian.metadata_is_fuzzy and not english.metadata_is_fuzzy


def test_indonesian_and_english_catalogues_hold_the_same_messages():
    assert {e.msgid for e in live_entries(ID_PO)} == {e.msgid for e in live_entries(EN_PO)}


# Longer texts that are the same in both languages: names and Indonesian address terms.
SAME_IN_BOTH = {"Craftmarket · Dekranas", "Bahasa Indonesia", "Kelurahan / desa", "kelurahan / desa"}


def test_indonesian_texts_are_indonesian_not_copies_of_the_english():
    # Names, codes and loanwords ("Status", "SKU", "WhatsApp") may stay; longer texts must be translated.
    copied = [e.msgid for e in live_entries(ID_PO) if not e.msgid_plural and e.msgstr == e.msgid]
    assert [m for m in copied if len(m.split()) > 2 and m not in SAME_IN_BOTH] == []


def test_placeholder_check_catches_a_dropped_or_renamed_placeholder():
    ok = polib.POEntry(msgid="Order %(n)s", msgstr="Pesanan %(n)s")
    dropped = polib.POEntry(msgid="Order %(n)s", msgstr="Pesanan")
    renamed = polib.POEntry(msgid="Order {order}", msgstr="Pesanan {pesanan}")
    fuzzy = polib.POEntry(msgid="Cart", msgstr="Keranjang", flags=["fuzzy"])
    plural = polib.POEntry(msgid="%(n)s day", msgid_plural="%(n)s days", msgstr_plural={0: "hari"})
    assert i18n_check.entry_problems(ok) == []
    assert i18n_check.entry_problems(dropped) != []
    assert i18n_check.entry_problems(renamed) != []
    assert i18n_check.entry_problems(fuzzy) == ["fuzzy"]
    assert i18n_check.entry_problems(plural) != []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext's xgettext (apt-get install gettext)")
def test_every_string_marked_in_the_code_is_in_the_committed_catalogue(tmp_path, settings, monkeypatch):
    base = Path(settings.BASE_DIR)
    for name in SOURCES:
        if (base / name).exists():
            (tmp_path / name).symlink_to(base / name)
    (tmp_path / "locale").mkdir()
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["id"], symlinks=True, no_location=True, verbosity=0)
    fresh = {e.msgid for e in live_entries(tmp_path / "locale" / "id" / "LC_MESSAGES" / "django.po")}
    committed = {e.msgid for e in live_entries(ID_PO)}
    missing = sorted(fresh - committed)
    assert missing == [], "run: python manage.py makemessages -l id -l en --no-location --ignore=.venv " + (
        "--ignore=staticfiles --ignore=tests --ignore=bench, then translate them"
    )
