"""Local preview of the style guide: the development settings with the style guide's URLconf."""

from craftmarket.settings import *  # noqa: F403

ROOT_URLCONF = "tests.web.styleguide"
