"""Cross-article resolution: one entity (one IRI) per real-world thing.

Entities of different articles are merged when they share a resolution key:
for countries the ISO 3166 code, for gazetteer cities the GeoNames id, for
institutions and events their normalised names (full names and non-acronym
aliases; "National Library of X" and "X National Library" give the same key),
for persons their full name (and first + last name, so a middle name or
patronymic does not split a person). An abbreviation an article uses without spelling it out is
the institution the other articles spell it out for, when they spell it out for exactly one. Two
entities that one article keeps apart are never merged. Every merge is recorded as a :class:`MergeDecision`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from .model import ArticleGraph, Entity, MergeDecision, family
from .names import is_acronym, mission_key, normalise_name, place_variant, strip_named_after, strip_place_suffix
from .places import Gazetteer, default_gazetteer
from .vocab import LITERAL_PREDICATES, digest

Member = tuple[str, str]  # (article id, local entity id)


class Relation(NamedTuple):
    """A direct relation between resolved entities (or an entity and a literal), whoever stated it."""

    subject: str  # entity key
    predicate: str
    object: str  # entity key, or the literal's text
    object_type: str  # the object entity's type; "" for a literal


@dataclass
class ResolvedEntity:
    key: str  # the resolution key the IRI is minted from
    type: str
    name: str
    aliases: set[str] = field(default_factory=set)
    external_ids: dict[str, str] = field(default_factory=dict)
    members: list[Member] = field(default_factory=list)
    rules: set[str] = field(default_factory=set)
    same_as: set[str] = field(default_factory=set)  # IRIs a curated merge or type override retired


@dataclass
class Resolution:
    entities: dict[str, ResolvedEntity]  # by key
    member_key: dict[Member, str]
    merges: list[MergeDecision]

    def key_of(self, article_id: str, local_id: str) -> str:
        return self.member_key[(article_id, local_id)]


_family = family


class Resolver:
    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gaz = gazetteer or default_gazetteer()
        self._keys: dict[tuple[str, str, tuple[str, ...], tuple[tuple[str, str], ...]], list[tuple[str, str]]] = {}

    def keys(self, ent: Entity) -> list[tuple[str, str]]:
        """``(key, rule)`` pairs, the primary key first (worked out once per distinct description:
        the same country or library is named in thousands of articles)."""
        sig = (ent.type, ent.name, tuple(sorted(ent.aliases)) if ent.aliases else (),
               tuple(sorted(ent.external_ids.items())) if ent.external_ids else ())
        found = self._keys.get(sig)
        if found is None:
            found = self._keys[sig] = self._work_out_keys(ent)
        return found

    def _work_out_keys(self, ent: Entity) -> list[tuple[str, str]]:
        fam = _family(ent.type)
        if ent.type == "Country" and "iso3166" in ent.external_ids:
            return [(f"country:{ent.external_ids['iso3166'].lower()}", "iso3166-code")]
        if ent.type == "City" and "geonames" in ent.external_ids:
            return [(f"city:{ent.external_ids['geonames']}", "geonames-id")]
        out = [(f"{fam}:{normalise_name(ent.name)}", "same-name")]
        if fam == "Org":
            for alias in sorted(ent.aliases):
                if is_acronym(alias) or alias == strip_place_suffix(ent.name) or \
                        ent.name.startswith((f"{alias} of ", f"{alias} at ")):
                    continue  # "Faculty of Law" is the short form of every "Faculty of Law of X"
                out.append((f"{fam}:{normalise_name(alias)}", "same-alias"))
            short = strip_place_suffix(ent.name)
            for name in [ent.name, *sorted(ent.aliases)]:
                mission = mission_key(self.gaz, name)
                if mission:
                    out.append((f"{fam}:{mission}", "same-mission"))
                if name == short and short != ent.name:
                    continue  # "Embassy of X" is the short form of every "Embassy of X in Y"
                variant = place_variant(self.gaz, name)
                if variant:
                    out.append((f"{fam}:{variant}", "place-word-order"))
        if fam == "Person":
            words = normalise_name(ent.name).split()
            if len(words) >= 3:
                out.append((f"Person:{words[0]} {words[-1]}", "first-and-last-name"))
            initials = [w for w in words if len(w) == 1]
            surnames = [w for w in words if len(w) > 1]
            if initials and len(surnames) == 1:  # "O. Issakhov" = "Issakhov O.I."
                out.append((f"Person-initial:{surnames[0]} {initials[0]}", "surname-and-initial"))
        return list(dict.fromkeys(out))

    @staticmethod
    def _countries(graphs: list[ArticleGraph]) -> dict[Member, set[str]]:
        """The countries (ISO codes) each institution is stated to be in, in its article."""
        out: dict[Member, set[str]] = {}
        for g in graphs:
            for st in g.statements:
                if st.predicate != "locatedIn" or st.object not in g.entities:
                    continue
                place = g.entities[st.object]
                code = place.external_ids.get("iso3166") if place.type == "Country" else \
                    place.external_ids.get("country")
                if code:
                    out.setdefault((g.article.id, st.subject), set()).add(code.lower())
        return out

    def _country_keys(self, ent: Entity, countries: set[str]) -> list[tuple[str, str]]:
        """"NDL" of a library in Japan is the "NDL" of any other library in Japan; and a "National Diet
        Library" stated to be in Japan (or written "Japan's National Diet Library") is the "National Diet
        Library of Japan"."""
        if _family(ent.type) != "Org":
            return []
        names = {ent.name, *ent.aliases}
        for name in names:  # "Japan's National Diet Library"
            owner, sep, rest = name.partition("'s ")
            country = self.gaz.country(owner) if sep else None
            if country is not None and len(rest.split()) >= 2:
                countries = countries | {country.code.lower()}
        if not countries:
            return []
        abbreviations = sorted(a for a in names if is_acronym(a) and " " not in a)
        out = [(f"Org-abbr:{a.upper()}:{c}", "same-abbreviation-same-country")
               for a in abbreviations for c in sorted(countries)]
        for name in sorted(names):
            bare = name.partition("'s ")[2] if self.gaz.country(name.partition("'s ")[0]) else name
            if len(bare.split()) >= 2 and not is_acronym(bare) and " in " not in bare:
                out += [(f"Org:{normalise_name(strip_named_after(bare))}@{c.upper()}", "same-name-same-country")
                        for c in sorted(countries)]
        return out

    def _gazetteer_name(self, etype: str, external_ids: dict[str, str], names: set[str]) -> str | None:
        """A place's preferred label: its gazetteer name ("Uzbekistan" however the articles write it),
        the same in every build; the articles' forms are its other labels."""
        if etype == "Country" and (country := self.gaz.countries.get(external_ids.get("iso3166", ""))):
            return country.name
        if etype == "City" and "geonames" in external_ids:
            for name in sorted(names):
                city = self.gaz.city(name)
                if city is not None and str(city.geonames_id) == external_ids["geonames"]:
                    return city.name
        return None

    def resolve(self, graphs: Iterable[ArticleGraph]) -> Resolution:
        members: dict[Member, Entity] = {}
        graphs_list = list(graphs)
        for g in graphs_list:
            for ent in g.entities.values():
                members[(g.article.id, ent.local_id)] = ent
        order = sorted(members)
        # members are numbered in their sorted order: comparing numbers compares members
        entity_of = [members[m] for m in order]
        parent = list(range(len(order)))
        articles_of: dict[int, dict[str, set[str]]] = {i: {a: {loc}} for i, (a, loc) in enumerate(order)}
        rules_of: dict[int, set[str]] = {}

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        countries = self._countries(graphs_list)
        keys_of = [self.keys(e) + self._country_keys(e, countries.get(m, set()))
                   for e, m in zip(entity_of, order, strict=True)]
        # per key, the clusters holding a member with that key: root -> that cluster's first such member
        clusters_with: dict[str, dict[int, int]] = defaultdict(dict)
        keys_in: dict[int, set[str]] = {}
        for i, pairs in enumerate(keys_of):
            keys_in[i] = own = {k for k, _rule in pairs}
            for k in own:
                clusters_with[k][i] = i

        def union(a: int, b: int, rule: str) -> None:
            ra, rb = find(a), find(b)
            if ra == rb:
                return
            # never merge two things one article keeps apart (the smaller side is scanned)
            small, large = sorted((articles_of[ra], articles_of[rb]), key=len)
            for art, locals_a in small.items():
                if art in large and locals_a != large[art]:
                    return
            if rb < ra:
                ra, rb = rb, ra
            parent[rb] = ra
            gone = articles_of.pop(rb)
            if len(gone) > len(articles_of[ra]):
                gone, articles_of[ra] = articles_of[ra], gone
            for art, locs in gone.items():
                articles_of[ra].setdefault(art, set()).update(locs)
            rules_of[ra] = rules_of.get(ra, set()) | rules_of.pop(rb, set()) | {rule}
            for k in keys_in[rb]:
                first = clusters_with[k].pop(rb)
                clusters_with[k][ra] = min(first, clusters_with[k].get(ra, first))
            keys_in[ra] |= keys_in.pop(rb)

        # every member is tried against every earlier-or-later member sharing a key, in order; a
        # cluster is tried once, through its first member with that key (trying its other members
        # would give the same answer: the same two clusters)
        for i, pairs in enumerate(keys_of):
            for k, rule in pairs:
                with_key = clusters_with[k]
                if len(with_key) == 1:
                    continue  # the one cluster with this key is i's own (i has the key)
                for other in sorted(with_key.values()):
                    if other != i:
                        # two members with the same name: the rule that gave the other one the key
                        union(i, other, rule if rule != "same-name" else dict(keys_of[other])[k])

        # an abbreviation standing alone in an article ("LAC"), whose article never spells it out, is the
        # one institution the other articles define it for ("Library and Archives Canada (LAC)"), when
        # they define it for exactly one
        defined: dict[str, set[int]] = defaultdict(set)
        alone: dict[str, list[int]] = defaultdict(list)
        for i, e in enumerate(entity_of):
            if _family(e.type) != "Org":
                continue
            if is_acronym(e.name) and " " not in e.name and not e.aliases:
                alone[e.name.upper()].append(i)
            for a in e.aliases:
                if is_acronym(a) and " " not in a:
                    defined[a.upper()].add(i)
        for abbr, standing in sorted(alone.items()):
            roots = {find(i) for i in defined.get(abbr, ())}
            if len(abbr) >= 3 and len(roots) == 1:
                (target,) = roots
                for i in standing:
                    union(i, target, "defined-abbreviation")

        clusters: dict[int, list[int]] = defaultdict(list)
        for i in range(len(order)):
            clusters[find(i)].append(i)
        entities: dict[str, ResolvedEntity] = {}
        member_key: dict[Member, str] = {}
        merges: list[MergeDecision] = []
        for root, idx in sorted(clusters.items()):
            ms = [order[i] for i in idx]
            ents = [entity_of[i] for i in idx]
            types = {e.type for e in ents}
            etype = types.pop() if len(types) == 1 else "Library" if "Library" in types else Counter(
                e.type for e in ents).most_common(1)[0][0]
            # the name most mentioned, the longest on a tie; a possessive form ("Peru's National Library")
            # only when there is no other
            name = max(ents, key=lambda e: ("'s " not in e.name, len(e.mentions), len(e.name), e.name)).name \
                if len(ents) > 1 else ents[0].name
            key = keys_of[root][0][0]
            if _family(etype) in {"Org", "Person", "Event"}:
                key = f"{_family(etype)}:{normalise_name(name)}"
            if key in entities:  # distinct things sharing a name that one article kept apart
                key = f"{key} {digest(*(f'{a}/{b}' for a, b in ms), length=8)}"
            names = {e.name for e in ents}
            aliases = set(names)
            external_ids: dict[str, str] = {}
            for e in ents:
                if e.aliases:
                    aliases |= e.aliases
                for k, v in e.external_ids.items():
                    external_ids.setdefault(k, v)
            name = self._gazetteer_name(etype, external_ids, names) or name
            aliases.discard(name)
            res = ResolvedEntity(key=key, type=etype, name=name, aliases=aliases, external_ids=external_ids,
                                 members=ms, rules=rules_of.get(root, set()))
            entities[key] = res
            for m in ms:
                member_key[m] = key
            if len(ms) > 1:
                merges.append(MergeDecision(key=key, entity_type=etype, names=tuple(sorted(names)),
                                            articles=tuple(sorted({m[0] for m in ms})),
                                            rule=", ".join(sorted(res.rules)) or "same-name"))
        return Resolution(entities=entities, member_key=member_key, merges=merges)


def resolve(graphs: Iterable[ArticleGraph], gazetteer: Gazetteer | None = None) -> Resolution:
    return Resolver(gazetteer).resolve(graphs)


def relations(graphs: Iterable[ArticleGraph], res: Resolution) -> list[Relation]:
    """Every direct relation the corpus states, once, in a stable order."""
    rows = set()
    member_key, entities = res.member_key, res.entities
    for ag in graphs:
        aid = ag.article.id
        for st in ag.statements:
            if st.predicate in LITERAL_PREDICATES:
                rows.add(Relation(member_key[(aid, st.subject)], st.predicate, st.object, ""))
            else:
                key = member_key[(aid, st.object)]
                rows.add(Relation(member_key[(aid, st.subject)], st.predicate, key, entities[key].type))
    return sorted(rows)
