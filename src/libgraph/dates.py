"""Dates stated in text, normalised to ISO 8601 prefixes by their precision.

``YYYY-MM-DD`` (xsd:date), ``YYYY-MM`` (xsd:gYearMonth) or ``YYYY`` (xsd:gYear).
Partial and relative dates ("on 29 May", "last year", "today", "last October",
"on Monday") are resolved against a reference date, normally the article's
publication date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

MONTHS: dict[str, int] = {}
for _i in range(1, 13):
    MONTHS[calendar.month_name[_i].lower()] = _i
    MONTHS[calendar.month_abbr[_i].lower()] = _i
MONTHS["sept"] = 9

_M = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_Y = r"(?P<year>1[5-9]\d\d|20\d\d|2100)"
_D = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"

_PATTERNS = [
    re.compile(r"\b(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})\b"),
    re.compile(rf"\b{_D}\s+(?:of\s+)?{_M},?\s+{_Y}\b", re.I),
    re.compile(rf"\b{_M}\s+{_D},?\s+{_Y}\b", re.I),
    re.compile(rf"\b{_M},?\s+{_Y}\b", re.I),
]
_PARTIAL = [
    re.compile(rf"\b{_D}\s+(?:of\s+)?{_M}\b(?!,?\s+\d)", re.I),
    re.compile(rf"\b{_M}\s+{_D}\b(?!,?\s+\d)", re.I),
]
_Y_PLAIN = r"(1[5-9]\d\d|20\d\d|2100)"
_YEAR = re.compile(rf"\b(?:in|since|from|by|of|year|until|on|during)\s+(?:the\s+year\s+)?{_Y_PLAIN}\b(?![-–]\d)"
                   rf"|^{_Y_PLAIN}\b(?![-–/]\d)|\b{_Y_PLAIN}(?=\s*,)", re.I)
_YEAR_ANY = re.compile(rf"\b{_Y}\b")
# phrase -> (unit, offset): days from the reference date, or years from its year
_RELATIVE: dict[str, tuple[str, int]] = {
    "today": ("day", 0), "yesterday": ("day", -1),
    "this year": ("year", 0), "last year": ("year", -1), "next year": ("year", 1),
}


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    try:
        if month is None:
            return f"{year:04d}"
        if day is None:
            return f"{year:04d}-{month:02d}"
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _from_match(m: re.Match[str], ref_year: int | None = None) -> str | None:
    groups = m.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else MONTHS.get((groups.get("month") or "").lower())
    year = int(groups["year"]) if groups.get("year") else ref_year
    if year is None:
        return None
    day = int(groups["day"]) if groups.get("day") else None
    return _iso(year, month, day)


_FOUR_DIGITS = re.compile(r"\d{4}")  # every pattern of _PATTERNS needs a year


def find_date(text: str) -> str | None:
    """The first full or month-precision date stated in ``text`` (a dateline), else ``None``."""
    if not _FOUR_DIGITS.search(text):
        return None
    best: tuple[int, str] | None = None
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            value = _from_match(m)
            if value and (best is None or m.start() < best[0]):
                best = (m.start(), value)
            break
    return best[1] if best else None


def sentence_date(text: str, reference: str | None = None) -> str | None:
    """The date an event sentence states, at the precision it states it.

    Full dates first, then day-and-month resolved to the reference year, then a
    year introduced by a preposition ("in 2021", "since 1992"), then relative
    expressions ("today", "last year") resolved against ``reference``.
    """
    full = find_date(text)
    if full:
        return full
    ref_year = int(reference[:4]) if reference else None
    for pattern in _PARTIAL:
        m = pattern.search(text)
        if m and ref_year is not None:
            value = _from_match(m, ref_year)
            if value:
                return value
    m = _YEAR.search(text)
    if m:
        return next(g for g in m.groups() if g)
    if reference:
        lowered = text.lower()
        relative_month = _relative_month(text, reference)
        if relative_month:
            return relative_month
        weekday = _weekday(lowered, reference)
        if weekday:
            return weekday
        for phrase, (unit, delta) in _RELATIVE.items():
            if re.search(rf"\b{phrase}\b", lowered):
                if unit == "day":
                    if len(reference) == 10:
                        return (dt.date.fromisoformat(reference) + dt.timedelta(days=delta)).isoformat()
                    return reference
                return f"{int(reference[:4]) + delta:04d}"
    return None


_MONTH_WORD = r"(?P<month>" + "|".join(calendar.month_name[i] for i in range(1, 13)) + r")"  # capitalised
_RELATIVE_MONTH = re.compile(rf"\b(?P<which>[Ll]ast|[Tt]his|[Nn]ext|[Pp]ast)\s+{_MONTH_WORD}\b")
_WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}
_WEEKDAY = re.compile(r"\b(?:on|last|this|past)\s+(?P<day>" + "|".join(_WEEKDAYS) + r")\b")


def _relative_month(text: str, reference: str) -> str | None:
    """"last October" (the latest October before the reference month), "this May", "next March"
    (the month capitalised: "this may help" states no date)."""
    m = _RELATIVE_MONTH.search(text)
    if not m or len(reference) < 7:
        return None
    year, ref_month, month = int(reference[:4]), int(reference[5:7]), MONTHS[m.group("month").lower()]
    which = m.group("which").lower()
    if which in {"last", "past"}:
        year -= 1 if month >= ref_month else 0
    elif which == "next":
        year += 1 if month <= ref_month else 0
    return _iso(year, month)


def _weekday(lowered: str, reference: str) -> str | None:
    """"on Monday": the latest such day on or before the reference date (news report what happened)."""
    m = _WEEKDAY.search(lowered)
    if not m or len(reference) != 10:
        return None
    ref = dt.date.fromisoformat(reference)
    back = (ref.weekday() - _WEEKDAYS[m.group("day")]) % 7
    return (ref - dt.timedelta(days=back)).isoformat()


def years_in(text: str) -> list[int]:
    return [int(m.group("year")) for m in _YEAR_ANY.finditer(text)]


def xsd_datatype(value: str) -> str:
    """The XSD datatype local name for an ISO prefix produced here."""
    return {4: "gYear", 7: "gYearMonth", 10: "date"}[len(value)]
