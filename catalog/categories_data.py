"""The category tree that the data migration creates (DOMAIN.md): four craft families and their subcategories.

Each entry is (slug, Indonesian name, English name, children). Staff add more in the admin.
"""

from __future__ import annotations

CATEGORY_TREE: list[tuple[str, str, str, list[tuple[str, str, str]]]] = [
    (
        "logam",
        "Kerajinan Logam",
        "Metal crafts",
        [
            ("perak", "Perak", "Silver"),
            ("kuningan", "Kuningan", "Brass"),
            ("tembaga", "Tembaga", "Copper"),
            ("besi-tempa", "Besi Tempa", "Wrought iron"),
            ("perhiasan", "Perhiasan", "Jewellery"),
        ],
    ),
    (
        "anyaman",
        "Anyaman",
        "Woven crafts",
        [
            ("rotan", "Rotan", "Rattan"),
            ("bambu", "Bambu", "Bamboo"),
            ("pandan", "Pandan", "Pandan"),
            ("mendong", "Mendong", "Mendong"),
            ("eceng-gondok", "Eceng Gondok", "Water hyacinth"),
            ("lontar", "Lontar", "Lontar palm"),
        ],
    ),
    (
        "kayu",
        "Kerajinan Kayu",
        "Wood crafts",
        [
            ("ukiran", "Ukiran", "Carving"),
            ("furnitur", "Furnitur", "Furniture"),
            ("patung", "Patung", "Sculpture"),
            ("topeng", "Topeng", "Masks"),
            ("perabot-rumah", "Perabot Rumah", "Homeware"),
        ],
    ),
    (
        "fesyen",
        "Fesyen",
        "Fashion",
        [
            ("batik", "Batik", "Batik"),
            ("tenun", "Tenun", "Woven cloth"),
            ("tas", "Tas", "Bags"),
            ("alas-kaki", "Alas Kaki", "Footwear"),
            ("aksesori", "Aksesori", "Accessories"),
        ],
    ),
]

WOOD_FAMILY = "kayu"
