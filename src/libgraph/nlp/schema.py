"""Entity types and what each relation may hold between: shared by the rules, the references and the
inference pass. Confidences by kind of evidence."""

from __future__ import annotations

# the model's types and relation kinds, re-exported for the rules
from ..model import LITERAL_PREDICATES as LITERAL_PREDICATES
from ..model import ORG_TYPES as ORG_TYPES
from ..model import SYMMETRIC_PREDICATES as SYMMETRIC_PREDICATES

AGENT_TYPES = ORG_TYPES | {"Person"}
PLACE_TYPES = frozenset({"City", "Country"})
# predicates of events, dated by the sentence (or the article) that states them
EVENT_PREDICATES = frozenset({"visited", "metWith", "signedAgreementWith", "donatedTo", "organized", "memberOf",
                              "namedAfter"})

# what a pattern rule's subject and object may be, by predicate (persons signing stand for their organisations)
PREDICATE_TYPES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "visited": (AGENT_TYPES, AGENT_TYPES | PLACE_TYPES),  # a person visited: their institution (inference)
    "metWith": (AGENT_TYPES, AGENT_TYPES),
    "signedAgreementWith": (AGENT_TYPES, AGENT_TYPES),
    "memberOf": (ORG_TYPES, ORG_TYPES),
    "locatedIn": (ORG_TYPES | frozenset({"City"}), PLACE_TYPES),
    "worksFor": (frozenset({"Person"}), ORG_TYPES),
    "namedAfter": (ORG_TYPES, frozenset({"Person"})),
    "partOf": (ORG_TYPES, ORG_TYPES),
    "organized": (ORG_TYPES, frozenset({"Event"})),
    "donatedTo": (AGENT_TYPES, ORG_TYPES),
}

# base confidences by kind of evidence
CONF_DIRECT = 0.9
CONF_NAME = 0.95
CONF_REFERENCE = 0.8
CONF_IMPLIED = 0.6

# who a group stands for when the text does not say: the visitors of the article's visits, read by the
# inference pass (``nlp/inference.py``)
VISITORS = "@visitors"
