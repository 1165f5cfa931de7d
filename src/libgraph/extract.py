"""From a ``Doc`` that libgraph's pipeline has read to the article's entities and statements
(``model`` objects): the last step of the NLP side.

The components of ``libgraph.nlp`` did the reading, each writing a ``Doc`` extension:
``libgraph_entities`` (typed names) -> ``libgraph_mentions`` (the article's entities) ->
``libgraph_references`` (what words refer to) -> ``libgraph_relations`` (the rules' candidate
statements) -> ``libgraph_inference`` (the statements that follow). This module dates each statement
against the article's dateline and gives each its evidence: the sentence, the rule, the confidence
and the trigger's offsets.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc

from .dates import sentence_date, years_in
from .errors import ModelError
from .model import Article, ArticleGraph, Entity, Evidence, Statement
from .nlp.handlers import Candidate
from .nlp.mentions import sentence_bounds
from .nlp.schema import EVENT_PREDICATES

QUOTED = re.compile(r"[\"“«][^\"”»]*[\"”»]")
# events dated by the article when their sentence states no date at all
DATELINE_PREDICATES = frozenset({"visited", "metWith", "signedAgreementWith", "donatedTo"})


def _merged(entities: dict[str, Entity], merges: dict[str, str]) -> dict[str, Entity]:
    """Copies of the article's entities with the merges of the inference pass folded in."""
    out = {eid: replace(e, aliases=set(e.aliases), mentions=list(e.mentions), external_ids=dict(e.external_ids))
           for eid, e in entities.items() if eid not in merges}
    for gone, keep in merges.items():
        e, g = out[keep], entities[gone]
        e.aliases |= g.aliases | {g.name}
        e.aliases.discard(e.name)
        e.mentions = sorted(e.mentions + g.mentions, key=lambda m: m.start)
        if g.type == "Library":
            e.type = "Library"
    return out


def _statement(doc: Doc, c: Candidate, article: Article) -> Statement:
    sent = doc[c.sent_start : c.sent_end]
    date = source = None
    if c.predicate in EVENT_PREDICATES:
        text = QUOTED.sub(" ", sent.text)
        date = sentence_date(text, article.date)
        source = "stated" if date else None
        if date is None and not years_in(text) and c.predicate in DATELINE_PREDICATES and article.date:
            date, source = article.date, "article"
    start, end = sentence_bounds(sent)
    trigger = doc[c.trigger] if c.trigger is not None else None
    ev = Evidence(sent.text.strip(), start, end, c.rule, c.confidence,
                  trigger.idx if trigger is not None else None,
                  trigger.idx + len(trigger.text) if trigger is not None else None)
    return Statement(c.subject, c.predicate, c.object, ev, date=date, role=c.role, date_source=source)


def extract(doc: Doc, article: Article) -> ArticleGraph:
    """Entities and statements of one article read by libgraph's pipeline (``nlp.load_pipeline``)."""
    refs, facts, merges = doc._.lg_references, doc._.lg_facts, doc._.lg_merges
    if refs is None or facts is None or merges is None:
        raise ModelError("the document was not read by libgraph's pipeline: load it with "
                         "libgraph.nlp.load_pipeline, which adds libgraph's components to the spaCy model")
    graph = ArticleGraph(article=article, entities=_merged(refs.entities, merges))
    graph.statements = [_statement(doc, c, article) for c in facts]
    return graph
