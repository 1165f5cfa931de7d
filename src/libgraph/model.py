"""The plain data passed from the NLP side to the RDF side.

Offsets are character offsets into ``Article.text`` (the normalised text the
pipeline read), end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

EntityType = Literal["Library", "Organization", "Person", "Country", "City", "Event"]
Predicate = Literal["visited", "metWith", "signedAgreementWith", "memberOf", "locatedIn", "worksFor",
                    "namedAfter", "partOf", "founded", "collectionSize", "organized", "donatedTo"]
ENTITY_TYPES: tuple[str, ...] = get_args(EntityType)  # the six types of the guidelines
PREDICATES: tuple[str, ...] = get_args(Predicate)  # the twelve relations
LITERAL_PREDICATES = frozenset({"founded", "collectionSize"})  # their object is a literal
SYMMETRIC_PREDICATES = frozenset({"metWith", "signedAgreementWith"})
ORG_TYPES = frozenset({"Library", "Organization"})  # a library is an organisation


def family(entity_type: str) -> str:
    """The kind resolution and IRIs go by: libraries and other organisations are one family."""
    return "Org" if entity_type in ORG_TYPES else entity_type



@dataclass(frozen=True)
class Article:
    """One news article as read from the corpus."""

    id: str  # stable identity: hash of the normalised text
    text: str  # normalised text (see corpus.normalise_text)
    source: str  # path (or path#line for JSON Lines) it was read from
    title: str | None = None
    date: str | None = None  # ISO 8601 prefix: YYYY, YYYY-MM or YYYY-MM-DD
    url: str | None = None
    kind: str = "article"  # or "curation": a fact asserted in the curation file (text: where it is stated)

    @property
    def content_hash(self) -> str:
        return self.id


@dataclass(frozen=True)
class Mention:
    """A surface form of an entity in one article."""

    text: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int


@dataclass
class Entity:
    """An entity as found in one article (before cross-article resolution)."""

    local_id: str  # unique within the article
    type: str  # one of ENTITY_TYPES
    name: str  # fullest proper name in the article
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    external_ids: dict[str, str] = field(default_factory=dict)  # e.g. {"iso3166": "JP", "geonames": "1861060"}


@dataclass(frozen=True)
class Evidence:
    """Where a statement is stated: the sentence and the rule that read it."""

    sentence: str
    sentence_start: int
    sentence_end: int
    rule: str
    confidence: float
    start: int | None = None  # span of the words that triggered the rule
    end: int | None = None


@dataclass
class Statement:
    """A relation between two entities of one article, or an entity and a literal."""

    subject: str  # Entity.local_id
    predicate: str  # one of PREDICATES
    object: str  # Entity.local_id, or the literal for founded/collectionSize
    evidence: Evidence
    date: str | None = None  # ISO 8601 prefix of the event date
    role: str | None = None  # worksFor: the post
    date_source: str | None = None  # "stated" (in the sentence) or "article" (only the article's date)

    @property
    def is_literal(self) -> bool:
        return self.predicate in LITERAL_PREDICATES


@dataclass
class ArticleGraph:
    """Everything extracted from one article."""

    article: Article
    entities: dict[str, Entity] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)


@dataclass(frozen=True)
class MergeDecision:
    """An audit record: these names were resolved to one entity, by this rule."""

    key: str
    entity_type: str
    names: tuple[str, ...]
    articles: tuple[str, ...]
    rule: str


@dataclass(frozen=True)
class InputProblem:
    """A corpus file that was skipped or read with a fallback."""

    source: str
    reason: str
    action: str  # "skipped" or "decoded as <codec>"
