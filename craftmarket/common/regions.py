"""Indonesia's 38 provinces (ISO 3166-2:ID) and the island groups used for shipping zones.

Names follow the official spelling; pycountry 26.2.16 spells ID-PE "Papua Pengunungan", the official name is
"Papua Pegunungan".
"""

from __future__ import annotations

SUMATERA = "sumatera"
JAWA = "jawa"
BALI_NUSA_TENGGARA = "bali_nusa_tenggara"
KALIMANTAN = "kalimantan"
SULAWESI = "sulawesi"
MALUKU = "maluku"
PAPUA = "papua"

ISLANDS: dict[str, str] = {
    SUMATERA: "Sumatera",
    JAWA: "Jawa",
    BALI_NUSA_TENGGARA: "Bali–Nusa Tenggara",
    KALIMANTAN: "Kalimantan",
    SULAWESI: "Sulawesi",
    MALUKU: "Maluku",
    PAPUA: "Papua",
}

# code -> (name, island)
PROVINCES: dict[str, tuple[str, str]] = {
    "ID-AC": ("Aceh", SUMATERA),
    "ID-SU": ("Sumatera Utara", SUMATERA),
    "ID-SB": ("Sumatera Barat", SUMATERA),
    "ID-RI": ("Riau", SUMATERA),
    "ID-KR": ("Kepulauan Riau", SUMATERA),
    "ID-JA": ("Jambi", SUMATERA),
    "ID-SS": ("Sumatera Selatan", SUMATERA),
    "ID-BB": ("Kepulauan Bangka Belitung", SUMATERA),
    "ID-BE": ("Bengkulu", SUMATERA),
    "ID-LA": ("Lampung", SUMATERA),
    "ID-JK": ("DKI Jakarta", JAWA),
    "ID-JB": ("Jawa Barat", JAWA),
    "ID-BT": ("Banten", JAWA),
    "ID-JT": ("Jawa Tengah", JAWA),
    "ID-YO": ("DI Yogyakarta", JAWA),
    "ID-JI": ("Jawa Timur", JAWA),
    "ID-BA": ("Bali", BALI_NUSA_TENGGARA),
    "ID-NB": ("Nusa Tenggara Barat", BALI_NUSA_TENGGARA),
    "ID-NT": ("Nusa Tenggara Timur", BALI_NUSA_TENGGARA),
    "ID-KB": ("Kalimantan Barat", KALIMANTAN),
    "ID-KT": ("Kalimantan Tengah", KALIMANTAN),
    "ID-KS": ("Kalimantan Selatan", KALIMANTAN),
    "ID-KI": ("Kalimantan Timur", KALIMANTAN),
    "ID-KU": ("Kalimantan Utara", KALIMANTAN),
    "ID-SA": ("Sulawesi Utara", SULAWESI),
    "ID-GO": ("Gorontalo", SULAWESI),
    "ID-ST": ("Sulawesi Tengah", SULAWESI),
    "ID-SR": ("Sulawesi Barat", SULAWESI),
    "ID-SN": ("Sulawesi Selatan", SULAWESI),
    "ID-SG": ("Sulawesi Tenggara", SULAWESI),
    "ID-MA": ("Maluku", MALUKU),
    "ID-MU": ("Maluku Utara", MALUKU),
    "ID-PA": ("Papua", PAPUA),
    "ID-PB": ("Papua Barat", PAPUA),
    "ID-PD": ("Papua Barat Daya", PAPUA),
    "ID-PT": ("Papua Tengah", PAPUA),
    "ID-PE": ("Papua Pegunungan", PAPUA),
    "ID-PS": ("Papua Selatan", PAPUA),
}

PROVINCE_CHOICES: list[tuple[str, str]] = [(code, name) for code, (name, _island) in PROVINCES.items()]


def province_name(code: str) -> str:
    return PROVINCES[code][0] if code in PROVINCES else code


def island_of(code: str) -> str | None:
    return PROVINCES[code][1] if code in PROVINCES else None
