"""What one mining run reads: the notes a request selects and the playbooks in scope."""

from __future__ import annotations

from dataclasses import dataclass, field

from coaching.evidence import EvidenceFinder
from coaching.excerpts import words
from coaching.findings import PlayFinder
from coaching.proposal_models import ProposalRunRequest
from core.errors import NotFound
from core.records import Chunk, Note
from store import records
from store.db import Database
from store.playbook_history import get_version, list_playbooks
from store.playbooks import PlaybookVersion
from store.proposals import notes_to_mine


@dataclass
class NoteSelection:
    notes: list[Note]
    left_out: list[str] = field(default_factory=list)
    described: str = ""


@dataclass
class Scope:
    """The playbooks a run may propose against, and every play of the tenant.

    Whether the field's experience is answered is judged against every play; new
    sections are placed, and revisions accepted, only in the playbooks in scope.
    """

    versions: dict[str, PlaybookVersion]  # current version of each one in scope
    plays: list[Chunk]  # every play of the tenant
    sources: set[str]  # the playbooks in scope
    unversioned: list[str]  # in scope, with plays but no stored version
    described: str

    def finder(self, evidence: EvidenceFinder, tenant_id: str) -> PlayFinder:
        return self._finder(evidence, tenant_id, {p.source for p in self.plays})

    def placer(self, evidence: EvidenceFinder, tenant_id: str) -> PlayFinder:
        return self._finder(evidence, tenant_id, self.sources)

    def _finder(
        self, evidence: EvidenceFinder, tenant_id: str, sources: set[str]
    ) -> PlayFinder:
        """Retrieval over some playbooks, topped up by shared words.

        Vector search runs over the whole tenant, so a narrow scope can leave few
        hits; the remaining places go to the plays sharing most words with the query.
        """
        candidates = [p for p in self.plays if p.source in sources]

        def find(query: str, k: int) -> list[tuple[Chunk, float]]:
            hits = evidence.search(tenant_id, query, k=max(4 * k, 40), kind="play")
            found = [(h.chunk, h.score) for h in hits if h.chunk.source in sources]
            if len(found) < k:
                seen = {c.id for c, _ in found}
                found += _by_words(query, [p for p in candidates if p.id not in seen])
            return found[:k]

        return find

    def unversioned_notes(self) -> list[str]:
        return [
            f"{source}: no stored version (ingested before playbook history); "
            "ingest it again to receive proposals"
            for source in self.unversioned
        ]


def select_playbooks(db: Database, tenant_id: str, wanted: str | None) -> Scope:
    """Active playbooks in scope: one by id, a folder of them ('sales/'), or all."""
    with db.read() as conn:
        heads = [h.id for h in list_playbooks(conn, tenant_id)]
        chosen = [h for h in heads if _matches(h, wanted)]
        every = records.sources(conn, tenant_id, "play")
        unversioned = sorted(s for s in every - set(heads) if _matches(s, wanted))
        if wanted and not chosen and not unversioned:
            raise NotFound(
                f"no playbook matches {wanted!r}; GET /v1/playbooks lists them"
            )
        versions = {pid: get_version(conn, tenant_id, pid) for pid in chosen}
        plays = [
            chunk
            for source in sorted(every)
            for chunk in records.source_chunks(conn, tenant_id, "play", source)
        ]
    described = f"matching {wanted!r}" if wanted else "in this tenant"
    return Scope(
        versions, plays, set(chosen) | set(unversioned), unversioned, described
    )


def select_notes(
    db: Database, tenant_id: str, request: ProposalRunRequest
) -> NoteSelection:
    """Notes in the period that pass the filters; undated ones left out of a period."""
    with db.read() as conn:
        notes = [n for n in notes_to_mine(conn, tenant_id) if _passes(n, request)]
    if request.since is None and request.until is None:
        return NoteSelection(notes, [], _described(request))
    undated = [n.id for n in notes if n.date is None]
    dated = [n for n in notes if n.date is not None and _in_period(n, request)]
    left_out = (
        [f"{len(undated)} notes have no date, so none can be placed in the period"]
        if undated
        else []
    )
    return NoteSelection(dated, left_out, _described(request))


def _passes(note: Note, request: ProposalRunRequest) -> bool:
    if request.vendor and note.vendor.casefold() != request.vendor.casefold():
        return False
    if request.segment and note.segment.casefold() != request.segment.casefold():
        return False
    if request.stage_reached and note.stage_reached != request.stage_reached:
        return False
    if request.competitor:
        name = request.competitor.casefold()
        text = f"{note.competitor}\n{note.reason}\n{note.text}".casefold()
        return name in text
    return True


def _in_period(note: Note, request: ProposalRunRequest) -> bool:
    after = request.since is None or note.date >= request.since
    return after and (request.until is None or note.date <= request.until)


def _described(request: ProposalRunRequest) -> str:
    parts = []
    if request.since or request.until:
        parts.append(
            f"between {request.since or 'the first'} and {request.until or 'now'}"
        )
    filters = [
        f"{name} {value}"
        for name, value in (
            ("vendor", request.vendor),
            ("competitor", request.competitor),
            ("segment", request.segment),
            ("stage reached", request.stage_reached),
        )
        if value
    ]
    if filters:
        parts.append("with " + ", ".join(filters))
    return " ".join(parts) or "in this tenant"


def _matches(playbook_id: str, wanted: str | None) -> bool:
    if not wanted:
        return True
    return (
        playbook_id.startswith(wanted)
        if wanted.endswith("/")
        else playbook_id == wanted
    )


def _by_words(query: str, plays: list[Chunk]) -> list[tuple[Chunk, float]]:
    wanted = words(query)
    scored = [(p, len(wanted & words(p.text)) / (len(wanted) or 1)) for p in plays]
    return sorted((s for s in scored if s[1] > 0), key=lambda s: -s[1])
