"""Proposing playbook revisions: mine the notes, place each finding, store proposals.

A finding becomes a proposal only where it can be applied: its playbook has a stored
version, is Markdown, and holds the section the finding targets. Anything that
cannot become a proposal is listed in the run's ``skipped`` with the reason. A
finding already proposed (the same playbook, section, change, theme and notes) is
not proposed again, whatever became of it; new evidence makes a new proposal.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.exc import IntegrityError

from coaching.evidence import EvidenceFinder
from coaching.findings import Finding
from coaching.mining import mine
from coaching.proposal_drafting import Drafted, draft
from coaching.proposal_models import (
    Evidence,
    Group,
    Proposal,
    ProposalRun,
    ProposalRunRequest,
)
from coaching.proposal_text import proposed_text, rationale, summary
from coaching.scope import NoteSelection, Scope, select_notes, select_playbooks
from coaching.sections import body_text, editable, find, outline
from core.records import Note, stable_id
from llm.base import ChatModel
from store import proposals as proposal_store
from store.db import Database


class _Unplaceable(Exception):
    """A finding that cannot be made into an applicable proposal; says why."""


class Proposer:
    def __init__(
        self,
        db: Database,
        finder: EvidenceFinder,
        model: ChatModel,
        max_tokens: int = 300,
    ) -> None:
        self.db = db
        self.finder = finder
        self.model = model
        self.max_tokens = max_tokens

    def run(self, tenant_id: str, request: ProposalRunRequest) -> ProposalRun:
        """Mine the notes the request selects and store new proposals."""
        scope = select_playbooks(self.db, tenant_id, request.playbook)
        selection = select_notes(self.db, tenant_id, request)
        run = ProposalRun(
            proposals=[],
            notes_considered=len(selection.notes),
            notes_left_out=selection.left_out,
            skipped=scope.unversioned_notes(),
            message="",
        )
        if not selection.notes or not scope.sources:
            run.message = _nothing_to_mine(selection, scope)
            return run
        mining = mine(
            selection.notes,
            scope.plays,
            scope.finder(self.finder, tenant_id),
            request.competitors,
            place=scope.placer(self.finder, tenant_id),
        )
        findings = [
            f
            for f in mining.findings
            if f.target is None or f.target.source in scope.sources
        ]
        outside = len(mining.findings) - len(findings)
        run.groups = [Group(**vars(g)) for g in mining.groups]
        run.set_aside = mining.set_aside
        self._propose(tenant_id, findings, scope, selection, request, run)
        run.message = _said(run, selection, len(findings), outside)
        return run

    def _propose(
        self,
        tenant_id: str,
        findings: list[Finding],
        scope: Scope,
        selection: NoteSelection,
        request: ProposalRunRequest,
        run: ProposalRun,
    ) -> None:
        notes = {n.id: n for n in selection.notes}
        drafting = request.draft
        for finding in findings:
            try:
                placed = self._place(tenant_id, finding, scope)
            except _Unplaceable as exc:
                run.skipped.append(str(exc))
                continue
            if self._known(tenant_id, placed["id"]):
                run.existing.append(placed["id"])
                continue
            drafted = self._draft(finding, placed, drafting)
            drafting = drafting and not drafted.model_unavailable
            proposal = _proposal(finding, placed, drafted, notes)
            if self._store(tenant_id, proposal):
                run.proposals.append(proposal)
            else:
                run.existing.append(proposal.id)

    def _place(self, tenant_id: str, finding: Finding, scope: Scope) -> dict:
        """Where the finding lands: playbook, version, section and current text."""
        if finding.target is None:
            raise _Unplaceable(f"{finding.label}: no play in scope to place it beside")
        playbook = finding.target.source
        version = scope.versions.get(playbook)
        if version is None:
            raise _Unplaceable(f"{finding.label}: {playbook} has no stored version")
        if not editable(playbook):
            raise _Unplaceable(
                f"{finding.label}: {playbook} is not Markdown; proposals edit Markdown"
            )
        text = version.text
        spans = outline(text, playbook)
        if finding.change == "add":
            section = (*finding.anchor, finding.heading)
            if find(text, spans, finding.anchor) is None:
                raise _Unplaceable(f"{finding.label}: no section {finding.anchor}")
            if find(text, spans, section) is not None:
                raise _Unplaceable(
                    f"{finding.label}: {playbook} already has '{' > '.join(section)}'"
                )
            current = ""
        else:
            section = finding.section
            span = find(text, spans, section)
            if span is None:
                raise _Unplaceable(f"{finding.label}: {playbook} has no {section}")
            current = body_text(text, span)
        key = (
            playbook,
            " > ".join(section),
            finding.change,
            finding.gap,
            finding.theme,
        )
        return {
            "id": stable_id(tenant_id, *key, *finding.note_ids()),
            "playbook": playbook,
            "version": version.version,
            "section": list(section),
            "current": current,
        }

    def _draft(self, finding: Finding, placed: dict, drafting: bool) -> Drafted:
        if not drafting:
            return Drafted()
        return draft(
            self.model,
            finding,
            placed["playbook"],
            placed["current"],
            summary(finding),
            self.max_tokens,
        )

    def _known(self, tenant_id: str, proposal_id: str) -> bool:
        with self.db.read() as conn:
            return bool(proposal_store.known_ids(conn, tenant_id, [proposal_id]))

    def _store(self, tenant_id: str, proposal: Proposal) -> bool:
        """Insert; False when a concurrent run stored the same proposal first."""
        try:
            with self.db.begin() as conn:
                proposal_store.insert_proposal(
                    conn, tenant_id, proposal.model_dump(mode="json")
                )
        except IntegrityError:
            return False
        return True


def _proposal(
    finding: Finding, placed: dict, drafted: Drafted, notes: dict[str, Note]
) -> Proposal:
    evidence, left_out = _verbatim(finding, notes)
    return Proposal(
        id=placed["id"],
        kind=finding.change,
        gap=finding.gap,
        theme=finding.theme,
        playbook_id=placed["playbook"],
        section=placed["section"],
        anchor=list(finding.anchor) if finding.change == "add" else [],
        current_text=placed["current"],
        proposed_text=proposed_text(finding, placed["current"], drafted.advice),
        rationale=rationale(finding, notes, drafted.rationale),
        evidence=evidence,
        strength=finding.strength,
        strength_reason=finding.strength_reason,
        base_version=placed["version"],
        created_at=dt.datetime.now(dt.UTC),
        drafted_by="evidence+model"
        if drafted.advice or drafted.rationale
        else "evidence",
        left_out=left_out + drafted.left_out,
    )


def _verbatim(
    finding: Finding, notes: dict[str, Note]
) -> tuple[list[Evidence], list[str]]:
    """The evidence whose quotes stand word for word in their notes, and the rest."""
    kept, left_out = [], []
    for quote in [*finding.quotes, *finding.advice]:
        note = notes.get(quote.note_id)
        if note is None or quote.text not in getattr(note, quote.field, ""):
            left_out.append(
                f"evidence from {quote.note_id}: quote not found in the note"
            )
            continue
        kept.append(
            Evidence(
                note_id=quote.note_id,
                field=quote.field,
                quote=quote.text,
                outcome=quote.outcome,
                role=quote.role,
                stance=quote.stance,
            )
        )
    return kept, left_out


def _said(
    run: ProposalRun, selection: NoteSelection, findings: int, outside: int
) -> str:
    said = (
        f"{len(run.proposals)} new proposals from {len(selection.notes)} notes "
        f"({findings} findings, {len(run.existing)} already proposed, "
        f"{len(run.skipped)} skipped)"
    )
    if outside:
        said += f"; {outside} more findings concern playbooks outside the scope"
    return said


def _nothing_to_mine(selection: NoteSelection, scope: Scope) -> str:
    if not selection.notes:
        return f"no win/loss notes {selection.described}; nothing to mine"
    return f"no playbooks {scope.described}; nothing to propose against"
