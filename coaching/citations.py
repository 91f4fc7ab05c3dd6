"""The citation contract: every claim names citation ids; every id resolves to a quote.

A citation's quote is an exact substring of the text the API serves for its source: a
play or note passage, one field of a deal rendered as ``field: value``, one line of
the meeting request, or one line of a scorecard, a rubric skill or the commitments
recorded on an agenda.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from coaching.excerpts import best_sentence
from core.records import Chunk, Deal

CitationKind = Literal[
    "play", "note", "deal", "meeting", "scorecard", "rubric", "agenda"
]
# Kinds cited line by line, as ``kind:record:field``, like deal fields.
LINE_KINDS = ("deal", "scorecard", "rubric", "agenda")

DEAL_FIELDS = (
    "account",
    "name",
    "owner",
    "product",
    "stage",
    "amount",
    "segment",
    "competitor",
    "created_date",
    "stage_entered_date",
    "close_date",
    "last_activity_date",
    "next_step",
)


class Citation(BaseModel):
    id: str
    kind: CitationKind
    source: str
    heading_path: list[str] = []
    quote: str


def deal_field_line(deal: Deal, field: str) -> str:
    if field.startswith("contacts["):
        contact = deal.contacts[int(field[9:-1])]
        detail = ", ".join(x for x in (contact.title, contact.role) if x)
        cares = f"; cares about: {contact.cares_about}" if contact.cares_about else ""
        return f"{field}: {contact.name} ({detail}){cares}"
    value = getattr(deal, field)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{field}: {value if value not in (None, '') else '(none)'}"


def deal_text(deal: Deal) -> str:
    """The deal as the API serves it for citations: one ``field: value`` line each."""
    lines = [f"id: {deal.id}"] + [deal_field_line(deal, f) for f in DEAL_FIELDS]
    lines += [
        deal_field_line(deal, f"contacts[{i}]") for i in range(len(deal.contacts))
    ]
    return "\n".join(lines)


class CitationBook:
    """Collects the citations of one answer and hands out their ids."""

    def __init__(self) -> None:
        self._by_id: dict[str, Citation] = {}

    def deal(self, deal: Deal, field: str) -> str:
        cid = f"deal:{deal.id}:{field}"
        self._by_id.setdefault(
            cid,
            Citation(
                id=cid,
                kind="deal",
                source=deal.source or f"deal {deal.id}",
                heading_path=["deal", deal.id],
                quote=deal_field_line(deal, field),
            ),
        )
        return cid

    def chunk(self, chunk: Chunk, query: str = "", quote: str | None = None) -> str:
        """Cite a passage by its best sentence for the query, or by a given quote.

        One passage quoted for two claims gets two ids (``play:ID`` and ``play:ID~2``),
        so that each claim's quote is the sentence it rests on.
        """
        text = quote if quote is not None else best_sentence(chunk.text, query)
        base = f"{chunk.kind}:{chunk.id}"
        for n in range(1, 100):
            cid = base if n == 1 else f"{base}~{n}"
            known = self._by_id.get(cid)
            if known is None or known.quote == text:
                break
        self._by_id.setdefault(
            cid,
            Citation(
                id=cid,
                kind=chunk.kind,
                source=chunk.source,
                heading_path=chunk.heading_path,
                quote=text,
            ),
        )
        return cid

    def meeting(self, line_id: str, line: str) -> str:
        cid = f"meeting:{line_id}"
        self._by_id.setdefault(
            cid, Citation(id=cid, kind="meeting", source="meeting request", quote=line)
        )
        return cid

    def line(
        self, kind: CitationKind, record_id: str, field: str, source: str, quote: str
    ) -> str:
        """Cite one ``field: value`` line of a record other than a deal.

        Scorecards, rubric skills and agenda commitments are cited this way; the
        record's text, as the API serves it, holds the quote as one of its lines.
        """
        cid = f"{kind}:{record_id}:{field}"
        self._by_id.setdefault(
            cid,
            Citation(
                id=cid,
                kind=kind,
                source=source,
                heading_path=[kind, record_id],
                quote=quote,
            ),
        )
        return cid

    def all(self) -> list[Citation]:
        return list(self._by_id.values())

    def __contains__(self, cid: str) -> bool:
        return cid in self._by_id

    def get(self, cid: str) -> Citation:
        return self._by_id[cid]

    def used(self, ids: set[str]) -> list[Citation]:
        """The citations the answer names, in the order they were added."""
        return [c for cid, c in self._by_id.items() if cid in ids]


def parse_citation_id(cid: str) -> tuple[str, str, str]:
    """Split ``kind:rest`` into kind, record id and field (lines) or '' (passages)."""
    kind, _, rest = cid.partition(":")
    if kind in LINE_KINDS:
        deal_id, _, field = rest.rpartition(":")
        return kind, deal_id, field
    return kind, rest.split("~", 1)[0], ""
