"""Content negotiation for the SPARQL protocol (RFC 9110 Accept with q-values)."""

from __future__ import annotations

RESULTS_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "ttl", "application/x-turtle": "ttl", "application/n-triples": "nt", "text/plain": "nt",
    "application/ld+json": "jsonld", "application/json": "jsonld", "application/rdf+xml": "xml",
    "application/xml": "xml", "text/xml": "xml", "application/n-quads": "nq", "application/trig": "trig",
}
FORMAT_PARAM: dict[str, tuple[str | None, str | None]] = {
    # format=... -> (results format, graph format)
    "json": ("json", "jsonld"), "xml": ("xml", "xml"), "csv": ("csv", None), "tsv": ("tsv", None),
    "ttl": (None, "ttl"), "turtle": (None, "ttl"), "nt": (None, "nt"), "ntriples": (None, "nt"),
    "jsonld": (None, "jsonld"), "json-ld": (None, "jsonld"), "rdfxml": (None, "xml"), "nq": (None, "nq"),
    "nquads": (None, "nq"), "trig": (None, "trig"),
}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges with their q, most preferred first (ties: more specific first, then header order)."""
    if not header:
        return [("*/*", 1.0)]
    ranges: list[tuple[str, float, int, int]] = []
    for order, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media or "/" not in media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        ranges.append((media, q, specificity, order))
    ranges.sort(key=lambda r: (-r[1], -r[2], r[3]))
    return [(m, q) for m, q, _s, _o in ranges if q > 0]


def choose(accept: str | None, table: dict[str, str], default: str) -> str | None:
    """The format of ``table`` the client prefers; ``default`` for wildcards; ``None`` if none is acceptable."""
    for media, _q in parse_accept(accept):
        if media in table:
            return table[media]
        if media == "*/*":
            return default
        if media.endswith("/*"):  # "text/*": the default if it is of that kind, else the first that is
            matching = [fmt for candidate, fmt in table.items() if candidate.startswith(media[:-1])]
            if matching:
                return default if default in matching else matching[0]
    return None


def prefers_html(accept: str | None) -> bool:
    for media, _q in parse_accept(accept):
        if media in {"text/html", "application/xhtml+xml"}:
            return True
        if media in GRAPH_TYPES or media in RESULTS_TYPES:
            return False
    return False
