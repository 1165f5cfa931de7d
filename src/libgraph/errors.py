"""Exceptions raised by libgraph.

Every error a user can cause derives from :class:`LibgraphError` and carries a
message that says what to do. The CLI maps them to exit codes once
(``cli.EXIT_CODES``)::

    LibgraphError
    ├── SettingsError        a setting has an invalid value
    ├── CorpusError          the corpus folder is missing or holds no readable article
    ├── ModelError           the spaCy pipeline cannot be loaded
    ├── ValidationFailed     --strict build with SHACL violations or skipped files
    ├── StoreError           the Oxigraph store is missing, locked or unreadable
    ├── QueryError           a SPARQL query does not parse or fails to evaluate
    │   └── QueryTimeout     a query ran past the time limit and was stopped
    ├── ServeError           the endpoint cannot listen where it is asked to (address in use)
    │   └── EngineError      a query worker or the SPARQL backend failed or cannot start
    └── ProtocolError        a request to the endpoint is refused (its HTTP status and message)
"""

from __future__ import annotations


class LibgraphError(Exception):
    """Base class of all errors libgraph reports to users."""


class SettingsError(LibgraphError):
    """A setting (flag, ``LIBGRAPH_*`` variable) has an invalid value."""


class CorpusError(LibgraphError):
    """The corpus cannot be read."""


class ModelError(LibgraphError):
    """The spaCy pipeline named by the ``model`` setting cannot be loaded."""


class ValidationFailed(LibgraphError):
    """A strict build found SHACL violations or input it could not read."""


class StoreError(LibgraphError):
    """The Oxigraph store cannot be opened or written."""


class QueryError(LibgraphError):
    """A SPARQL query is malformed or fails."""


class ServeError(LibgraphError):
    """The server cannot listen on the address and port it was given."""


class QueryTimeout(QueryError):
    """The query ran past the time limit; its worker was stopped."""


class EngineError(ServeError):
    """A query worker died or could not start, or the SPARQL backend failed."""


class ProtocolError(LibgraphError):
    """A request the endpoint refuses: answered with ``status`` and the message as plain text."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
