"""The i18n tests read the compiled catalogues: compile them (as ``make install`` does) and drop any cached ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
ID_PO = LOCALE / "id" / "LC_MESSAGES" / "django.po"
EN_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues() -> None:
    from django.core.management import call_command
    from django.utils.translation import trans_real

    call_command("compiletranslations", verbosity=0)
    # A catalogue loaded before the .mo existed would stay cached for the whole session.
    trans_real._translations.clear()
    trans_real._default = None
