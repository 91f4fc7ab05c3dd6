"""Every table of the relational store, gathered on one ``MetaData``.

Migrations compare against this; a module that defines tables is imported here.
"""

from store import (  # noqa: F401  (imported for the tables they define)
    agendas,
    fingerprints,
    keys,
    people,
    playbooks,
    proposals,
    scorecards,
    versions,
)
from store.tables import metadata

__all__ = ["metadata"]
