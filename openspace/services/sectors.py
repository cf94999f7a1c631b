"""Sectors of the organisations at the table, and a first guess of an organisation's sector.

The codes are English and stable; ``SECTORS`` maps each to its name (a msgid,
translated by the caller) and ``SECTOR_PLURALS`` to the word for several of
them ("virksomheder"), used in "14 organisationer – ingen virksomheder endnu".
The guess reads the name only (pure function); the facilitator corrects it.
"""

from __future__ import annotations

import re

from .errors import N_

SECTORS: dict[str, str] = {
    "association_social": N_("Association: social"),
    "association_culture": N_("Association: culture"),
    "association_sport": N_("Association: sport"),
    "association_education": N_("Association: adult education and scouts"),
    "school": N_("School or education"),
    "business": N_("Business"),
    "municipality": N_("Municipality"),
    "region": N_("Region"),
    "citizen": N_("Citizen"),
    "youth": N_("Young people"),
    "other": N_("Other"),
}

SECTOR_PLURALS: dict[str, str] = {
    "association_social": N_("social associations"),
    "association_culture": N_("cultural associations"),
    "association_sport": N_("sports clubs"),
    "association_education": N_("adult education associations or scouts"),
    "school": N_("schools"),
    "business": N_("businesses"),
    "municipality": N_("municipal staff"),
    "region": N_("regional staff"),
    "citizen": N_("citizens"),
    "youth": N_("young people"),
    "other": N_("others"),
}

# Word stems in a name that point at a sector, the most telling first: a
# "kommunes ungeråd" is young people, "Roskilde Kommune" the municipality.
_HINTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("youth", ("ungeråd", "ungdomsråd", "elevråd", "ungepanel", "elevrådet")),
    ("business", ("a/s", " as", "aps", "i/s", "ivs", "bank", "sparekasse", "købmand", "netto",
                  "rema", "brugsen", "coop", "lidl", "firma", "virksomhed", "erhverv",
                  "tømrer", "frisør", "apotek", "revision", "consult")),
    ("region", ("region", "hospital", "sygehus", "psykiatri")),
    ("school", ("skole", "gymnasi", "efterskole", "uddannelse", "sosu", "professionshøjskole",
                "universitet", "hf", "htx", "stx", "tækniske", "erhvervsakademi", "vuc",
                "produktionsskole", "børnehave", "daginstitution", "fritidshjem", "sfo")),
    ("municipality", ("kommune", "forvaltning", "jobcenter", "sundhedspleje", "bibliotek",
                      "borgerservice", "hjemmepleje", "plejecenter", "plejehjem", "sundhedshus",
                      "ssp", "rådhus", "ungdomsklub", "fritidsklub")),
    ("association_education", ("aof", "fof", "lof", "daghøjskole", "højskole", "aftenskole",
                               "oplysning", "spejder", "fdf", "kfum", "kfuk", "dds", "dgs")),
    ("association_sport", ("idræt", "boldklub", "gymnastik", "fodbold", "håndbold", "svømme",
                           "løbe", "tennis", "badminton", "ridning", "rideklub", "roklub",
                           "sejlklub", "golf", "dgi", " if", " bk", " gf", "motion", "fitness",
                           "petanque", "krolf", "cykelklub", "skytte")),
    ("association_culture", ("teater", "musik", "kor", "kunst", "kultur", "museum",
                             "lokalhistori", "film", "litteratur")),
    ("citizen", ("borger", "nabo", "privat", "beboer", "lokalråd", "landsbyråd")),
    ("association_social", ("røde kors", "ældre sagen", "ældresagen", "frivillig",
                            "mødrehjælp", "korshær", "home-start", "red barnet", "sind",
                            "lev", "headspace", "bydelsmødre", "besøgsven", "social",
                            "forening", "netværk", "selvhjælp", "kirke", "menighed", "sogn")),
)


def guess_sector(name: str) -> str:
    """Return the sector a name most likely belongs to, or ``"other"``."""
    padded = " " + re.sub(r"\s+", " ", name.casefold()) + " "
    for sector, hints in _HINTS:
        for hint in hints:
            # A short hint ("as", "if", "hf") must stand as its own word.
            if len(hint.strip()) <= 3:
                if re.search(r"(?<![\w/])" + re.escape(hint.strip()) + r"(?![\w/])", padded):
                    return sector
            elif hint in padded:
                return sector
    return "other"
