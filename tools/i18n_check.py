"""List message-catalogue entries that need a translator: untranslated, fuzzy, or with placeholders that differ.

Usage: python tools/i18n_check.py [locale/id/LC_MESSAGES/django.po ...]   (default: every locale/*/LC_MESSAGES/*.po)
Exits 1 when anything is listed, so it can gate a commit. The same rules are asserted by tests/i18n/.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import polib

# %(name)s / %s / %d (not %%), and str.format's {name}.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|\{\w*\}")


def placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text.replace("%%", "")))


def entry_problems(entry: polib.POEntry) -> list[str]:
    """Why this entry is not ready to ship; an empty list when it is."""
    if entry.obsolete:
        return []
    found: list[str] = []
    if "fuzzy" in entry.flags:
        found.append("fuzzy")
    if entry.msgid_plural:
        forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
        if not forms or any(not form.strip() for form in forms):
            found.append("untranslated")
        # Every form must carry the plural msgid's placeholders (Indonesian has one form, used for every n).
        wanted = set(placeholders(entry.msgid_plural))
        for form in forms:
            if form.strip() and set(placeholders(form)) != wanted:
                found.append(f"placeholders {sorted(placeholders(form))} != {sorted(wanted)}")
    else:
        if not entry.msgstr.strip():
            found.append("untranslated")
        elif placeholders(entry.msgstr) != placeholders(entry.msgid):
            found.append(f"placeholders {sorted(placeholders(entry.msgstr))} != {sorted(placeholders(entry.msgid))}")
    return found


def report(po_path: Path) -> list[str]:
    catalogue = polib.pofile(str(po_path))
    return [f"{po_path}: {entry.msgid!r}: {', '.join(p)}" for entry in catalogue if (p := entry_problems(entry))]


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(Path("locale").glob("*/LC_MESSAGES/*.po"))
    lines = [line for path in paths for line in report(path)]
    for line in lines:
        print(line)
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
