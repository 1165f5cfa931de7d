"""A SPARQL parser error as a person reads it: one line, with the line and column, and for the most
common mistake, a prefix nobody declared, its name ("undeclared prefix dbo:") rather than the
parser's list of every character it would have accepted."""

from __future__ import annotations

import re

_WHERE = re.compile(r"error at (\d+):(\d+): ?(.*)", re.S)
_PREFIXED_END = re.compile(r"([A-Za-z][\w.-]*)?:[\w.%-]*$")
MAX_EXPECTED = 6  # a longer list of what the parser expected is left out


def describe(query: str, message: str) -> str:
    """``message`` (pyoxigraph's, "error at LINE:COLUMN: expected …") made into one readable line."""
    found = _WHERE.match(message.strip())
    if found is None:
        return " ".join(message.split())
    line, column, detail = int(found[1]), int(found[2]), " ".join(found[3].split())
    where = f"line {line}, column {column}"
    lines = query.split("\n")
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if "Prefix not found" in detail:
        name = _PREFIXED_END.search(text[: column - 1])
        if name is not None:
            return f"undeclared prefix {name[1] or ''}: at {where}; declare it with PREFIX {name[1] or ''}: <…>"
        return f"undeclared prefix at {where}"
    if "IRI parsing failed" in detail:
        return f"invalid IRI at {where}"
    near = text[max(0, column - 1):][:30].strip()
    expected = detail.removeprefix("expected one of ").removeprefix("expected ")
    items = [i.strip() for i in re.split(r", (?=[\"'A-Z\[(])", expected) if i.strip()]
    said = f": expected {expected}" if detail.startswith("expected") and len(items) <= MAX_EXPECTED \
        and "\\u" not in expected else ""
    return f"syntax error at {where}" + (f" near {near!r}" if near else " (the query ends too early)") + said
