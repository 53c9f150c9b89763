"""The shared components render accessibly: forms with errors, status badges, tables, pagination, studio layout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils.translation import gettext

from tests.web.checks import problems, soup_of
from tests.web.styleguide import STATUSES

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.web.styleguide")]

CSS = (Path(settings.BASE_DIR) / "static" / "css" / "app.css").read_text()
OWN_TEMPLATES = ["base.html", "home.html", "layouts/studio.html", "styleguide.html", "styleguide_studio.html"]


def test_style_guide_passes_the_page_checks(client):
    response = client.get("/styleguide/")
    assert response.status_code == 200
    assert problems(response.content.decode()) == []


def test_form_partial_puts_labels_above_and_errors_next_to_each_field(client):
    client.cookies["django_language"] = "en"
    soup = soup_of(client.get("/styleguide/"))
    name_field = soup.select_one("#id_name").find_parent(class_="field")
    assert "field-invalid" in name_field["class"]
    assert name_field.find("label")["for"] == "id_name"
    assert name_field.select_one(".errorlist").get_text(strip=True) == "This field is required."
    assert soup.select_one(".form-errors").get_text(strip=True) == "Please fix the fields marked below."
    assert "field-checkbox" in soup.select_one("#id_made_to_order").find_parent(class_="field")["class"]


def test_every_status_has_a_badge_colour_in_the_stylesheet():
    missing = [s for s in STATUSES if f".status-{s}" not in CSS]
    assert missing == []


def test_required_classes_exist_in_the_stylesheet():
    for name in ["card", "grid", "btn", "btn-secondary", "badge", "muted", "form-errors", "img-placeholder",
                 "studio-nav", "studio-main", "product-grid", "skip-link", "visually-hidden", "timeline"]:  # fmt: skip
        assert re.search(rf"\.{re.escape(name)}\b", CSS), name


def test_pagination_keeps_the_other_query_parameters(client):
    soup = soup_of(client.get("/styleguide/?q=rotan&province=ID-JB&page=2"))
    links = {a["rel"][0]: a["href"] for a in soup.select(".pagination a")}
    assert links == {"prev": "?q=rotan&province=ID-JB&page=1", "next": "?q=rotan&province=ID-JB&page=3"}
    assert soup.select_one(".pagination [aria-current=page]").get_text(strip=True) == gettext(
        "Page %(number)s of %(total)s"
    ) % {"number": 2, "total": 5}


def test_studio_layout_has_a_labelled_nav_and_passes_the_page_checks(client):
    response = client.get("/styleguide/studio/")
    assert problems(response.content.decode()) == []
    nav = soup_of(response).select_one("nav.studio-nav")
    assert nav["aria-label"]
    assert [a["href"] for a in nav.select("a")] == [
        "/studio/",
        "/studio/products/",
        "/studio/orders/",
        "/studio/reviews/",
        "/studio/balance/",
        "/studio/profile/",
        "/studio/certifications/",
        "/studio/messages/",
    ]


@override_settings(ROOT_URLCONF="tests.web.styleguide")
def test_current_tag_marks_the_section_by_prefix_and_the_dashboard_exactly(rf):
    from django.template import Context, Template

    template = Template(
        '{% load ui %}<a{% current "/studio/products/" %}></a><a{% current "/studio/" exact=True %}></a>'
    )
    html = template.render(Context({"request": rf.get("/studio/products/5/edit/")}))
    assert html == '<a aria-current="page"></a><a></a>'
    html = template.render(Context({"request": rf.get("/studio/")}))
    assert html == '<a></a><a aria-current="page"></a>'


def test_templates_have_no_inline_script_or_style():
    root = Path(settings.BASE_DIR) / "templates"
    offenders = []
    for path in [*root.glob("partials/*.html"), *root.glob("errors/*.html"), *(root / t for t in OWN_TEMPLATES)]:
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\sstyle=", text) or "<style" in text:
            offenders.append(path.name)
    assert offenders == []


def relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def token(name: str) -> str:
    return re.search(rf"--{name}:\s*(#[0-9a-f]{{6}})", CSS).group(1)


@pytest.mark.parametrize(
    ("fg", "bg"),
    [
        ("ink", "bg"), ("ink", "surface"), ("muted", "bg"), ("muted", "surface"), ("muted", "surface-2"),
        ("brand", "surface"), ("brand", "bg"), ("brand-strong", "brand-soft"), ("danger", "surface"),
        ("danger", "danger-soft"), ("success", "success-soft"), ("warning-ink", "warning-soft"),
        ("info-ink", "info-soft"), ("accent", "accent-soft"), ("ink-2", "surface-2"),
    ],
)  # fmt: skip
def test_text_colour_tokens_meet_wcag_aa(fg, bg):
    assert contrast(token(fg), token(bg)) >= 4.5


def test_white_text_on_buttons_and_hero_meets_wcag_aa():
    assert contrast("#ffffff", token("brand")) >= 4.5
    assert contrast("#ffffff", "#7c2d12") >= 4.5  # hero background
    assert contrast("#5c1f0a", "#fde7c7") >= 4.5  # hero button
    assert contrast("#efe5db", "#2a1f18") >= 4.5  # footer text
    assert contrast("#cdbcad", "#2a1f18") >= 4.5  # footer muted text
    assert contrast(token("line-strong"), token("surface")) >= 3  # input borders (non-text contrast)


@pytest.mark.parametrize(
    ("renditions", "src", "srcset"),
    [
        (
            [{"width": 1280, "url": "/m/a-1280.webp"}, {"width": 320, "url": "/m/a-320.webp"}],
            "/m/a-1280.webp",
            "/m/a-320.webp 320w, /m/a-1280.webp 1280w",
        ),
        ({"320": {"webp": "/m/b-320.webp", "jpeg": "/m/b-320.jpg"}}, "/m/b-320.webp", "/m/b-320.webp 320w"),
        ([{"size": 640, "format": "jpeg", "url": "/m/c.jpg"}], "/m/c.jpg", "/m/c.jpg 640w"),
        ([], "", ""),
        ([{"url": "/m/no-width.webp"}], "", ""),
    ],
)
def test_card_image_reads_the_renditions_in_any_reasonable_shape(renditions, src, srcset):
    from types import SimpleNamespace

    from craftmarket.common.templatetags.ui import card_image

    image = SimpleNamespace(status="ready", renditions=renditions, alt_text="", is_primary=True, position=0, pk=1)
    product = SimpleNamespace(name="Tas", primary_images=[image])
    result = card_image(product)
    assert (result["src"], result["srcset"]) == (src, srcset)
    assert result["alt"] == "Tas"
    assert result["status"] == ("ready" if src else "pending")
