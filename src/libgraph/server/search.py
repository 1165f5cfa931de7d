"""Finding an entity by name: an index of every label and alias, searched as you type.

Built once per store from one query (``ENTRIES``) and kept until the data changes. A name matches
when the query starts one of its words ("lib" finds "National Library of China"); matches are ranked
by how well they match (the whole name, then its start, then a later word), then preferred labels
before aliases, then shorter names. A lookup is a binary search over the sorted word suffixes of all
names: its cost grows with the log of the index, not its size.
"""

from __future__ import annotations

import bisect
import heapq
from dataclasses import dataclass

from ..text import fold
from ..vocab import LG, SPARQL_PREFIXES

ENTRIES = SPARQL_PREFIXES + """
SELECT ?e ?name ?type ?preferred ?label WHERE {
  ?e a ?type ; skos:prefLabel ?label .
  { ?e skos:prefLabel ?name BIND (true AS ?preferred) } UNION { ?e skos:altLabel ?name BIND (false AS ?preferred) }
  FILTER (?type IN (lg:Library, lg:Organization, lg:Person, lg:Country, lg:City, lg:Event))
}"""


MAX_CANDIDATES = 5000


@dataclass(frozen=True)
class Entry:
    iri: str
    label: str  # the entity's preferred label
    name: str  # the label or alias that matched
    type: str  # Library, Organization, Person, Country, City, Event
    preferred: bool


class SearchIndex:
    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        keys: list[tuple[str, int, int]] = []  # (folded suffix from a word start, word position, entry)
        for i, entry in enumerate(entries):
            folded = fold(entry.name)
            words = folded.split()
            start = 0
            for position, word in enumerate(words):
                start = folded.index(word, start)
                keys.append((folded[start:], position, i))
                start += len(word)
        keys.sort()
        self._keys = keys
        self._suffixes = [k[0] for k in keys]

    @classmethod
    def from_rows(cls, rows: list[dict[str, str]]) -> SearchIndex:
        lg = str(LG)
        seen: set[tuple[str, str]] = set()
        entries = []
        for r in rows:
            if (r["e"], r["name"]) in seen:
                continue
            seen.add((r["e"], r["name"]))
            entries.append(Entry(r["e"], r["label"], r["name"], r["type"].removeprefix(lg),
                                 r["preferred"] in {"true", "1"}))
        return cls(entries)

    def search(self, query: str, limit: int = 10) -> list[Entry]:
        q = " ".join(fold(query).split())
        if not q:
            return []
        lo = bisect.bisect_left(self._suffixes, q)
        hi = bisect.bisect_left(self._suffixes, q + "\U0010ffff", lo)
        best: dict[str, tuple[tuple[int, int, int, str], Entry]] = {}
        # a query of a letter or two matches a large part of the index: its first MAX_CANDIDATES keys
        # (in order of the names from the matching word on) are ranked
        for suffix, position, i in self._keys[lo:min(hi, lo + MAX_CANDIDATES)]:
            entry = self.entries[i]
            whole = suffix == q and position == 0
            rank = (0 if whole else 1 if position == 0 else 2, 0 if entry.preferred else 1, len(entry.name),
                    entry.name)
            if entry.iri not in best or rank < best[entry.iri][0]:
                best[entry.iri] = (rank, entry)
        return [e for _rank, e in heapq.nsmallest(limit, best.values(), key=lambda x: x[0])]
