"""The destination → origin scheme table as first seeded (migration 0002). The live table is the OriginScheme
model, which Dekranas staff edit in the admin; this module is only its starting data, documented in README.

Sources: EU GSP and the UK DCTS use the Registered Exporter system (REX): the exporter writes a statement on
origin on the commercial invoice, with its REX number when the consignment's originating value is above EUR 6,000.
Switzerland, Norway and Türkiye accept REX statements for their GSP too. Agreements that use an e-SKA certificate
issued by the Ministry of Trade: ATIGA (Form D), ACFTA (Form E), AKFTA (Form AK), IJEPA (Form IJEPA), AANZFTA
(Form AANZ), AIFTA (Form AI), AHKFTA (Form AHK), IP-PTA (Form IP), IC-CEPA (Form IC-CEPA). Elsewhere a
non-preferential certificate of origin (Form B) is what importers ask for.
"""

from __future__ import annotations

EU = {
    "AT": "Austria", "BE": "Belgium", "BG": "Bulgaria", "HR": "Croatia", "CY": "Cyprus", "CZ": "Czechia",
    "DK": "Denmark", "EE": "Estonia", "FI": "Finland", "FR": "France", "DE": "Germany", "GR": "Greece",
    "HU": "Hungary", "IE": "Ireland", "IT": "Italy", "LV": "Latvia", "LT": "Lithuania", "LU": "Luxembourg",
    "MT": "Malta", "NL": "Netherlands", "PL": "Poland", "PT": "Portugal", "RO": "Romania", "SK": "Slovakia",
    "SI": "Slovenia", "ES": "Spain", "SE": "Sweden",
}  # fmt: skip
STATEMENT = [
    *((code, name, "EU Generalised Scheme of Preferences (GSP)") for code, name in EU.items()),
    ("GB", "United Kingdom", "UK Developing Countries Trading Scheme (DCTS)"),
    ("CH", "Switzerland", "Swiss Generalised System of Preferences (GSP)"),
    ("NO", "Norway", "Norwegian Generalised System of Preferences (GSP)"),
    ("TR", "Türkiye", "Turkish Generalised System of Preferences (GSP)"),
]
CERTIFICATE = [
    ("BN", "Brunei Darussalam", "ASEAN Trade in Goods Agreement (ATIGA)", "Form D"),
    ("KH", "Cambodia", "ASEAN Trade in Goods Agreement (ATIGA)", "Form D"),
    ("LA", "Lao PDR", "ASEAN Trade in Goods Agreement (ATIGA)", "Form D"),
    ("MY", "Malaysia", "ASEAN Trade in Goods Agreement (ATIGA)", "Form D"),
    ("MM", "Myanmar", "ASEAN Trade in Goods Agreement (ATIGA)", "Form D"),
    ("PH", "Philippines", "ASEAN Trade in Goods Agreement (ATIGA)", "Form D"),
    ("SG", "Singapore", "ASEAN Trade in Goods Agreement (ATIGA)", "Form D"),
    ("TH", "Thailand", "ASEAN Trade in Goods Agreement (ATIGA)", "Form D"),
    ("VN", "Viet Nam", "ASEAN Trade in Goods Agreement (ATIGA)", "Form D"),
    ("CN", "China", "ASEAN–China Free Trade Area (ACFTA)", "Form E"),
    ("KR", "Korea, Republic of", "ASEAN–Korea Free Trade Agreement (AKFTA)", "Form AK"),
    ("JP", "Japan", "Indonesia–Japan Economic Partnership Agreement (IJEPA)", "Form IJEPA"),
    ("AU", "Australia", "ASEAN–Australia–New Zealand FTA (AANZFTA)", "Form AANZ"),
    ("NZ", "New Zealand", "ASEAN–Australia–New Zealand FTA (AANZFTA)", "Form AANZ"),
    ("IN", "India", "ASEAN–India Free Trade Area (AIFTA)", "Form AI"),
    ("HK", "Hong Kong", "ASEAN–Hong Kong Free Trade Agreement (AHKFTA)", "Form AHK"),
    ("PK", "Pakistan", "Indonesia–Pakistan Preferential Trade Agreement (IP-PTA)", "Form IP"),
    ("CL", "Chile", "Indonesia–Chile CEPA (IC-CEPA)", "Form IC-CEPA"),
    ("US", "United States", "No preferential agreement", "Form B"),
    ("CA", "Canada", "No preferential agreement", "Form B"),
    ("AE", "United Arab Emirates", "No preferential agreement", "Form B"),
    ("SA", "Saudi Arabia", "No preferential agreement", "Form B"),
]
REX_THRESHOLD_EUR = 6_000
DEFAULT_FORM = "Form B"
DEFAULT_AGREEMENT = "No preferential agreement"


def rows() -> list[dict]:
    """The seed rows as OriginScheme field values."""
    return [
        *(
            {
                "country": code,
                "country_name": name,
                "scheme": "statement",
                "agreement": agreement,
                "form": "",
                "rex_threshold_eur": REX_THRESHOLD_EUR,
            }
            for code, name, agreement in STATEMENT
        ),
        *(
            {
                "country": code,
                "country_name": name,
                "scheme": "certificate",
                "agreement": agreement,
                "form": form,
                "rex_threshold_eur": None,
            }
            for code, name, agreement, form in CERTIFICATE
        ),
    ]
