"""Reviewing proposals: approve (as proposed or edited), reject, and show the diff.

Approval applies the change to the playbook's current text and ingests the result
as a new version, so only the plays it changed are re-embedded. In one transaction
the proposal moves from pending to approved (a conditional update) and the version
is appended (its number is a primary key, and the head moves only from the version
the edit was computed on): of two concurrent approvals, one applies and the other
gets a 409. A proposal made against an older version is rebased when its section
is unchanged since, and refused with a 409 otherwise.
"""

from __future__ import annotations

import difflib
import logging
from functools import partial

from coaching.proposal_models import Proposal, Review
from coaching.sections import (
    body_text,
    find,
    insert_section,
    outline,
    remove_section,
    replace_body,
)
from core.errors import Conflict, InvalidInput
from ingest.pipeline import Ingestor
from store import proposals as proposal_store
from store.db import Database
from store.playbook_history import get_head, get_version
from store.playbooks import PlaybookVersion, VersionNote

log = logging.getLogger(__name__)
# Concurrent approvals on one playbook beyond this many get a 409 to retry.
REBASES = 4


class Reviewer:
    def __init__(self, db: Database, ingestor: Ingestor) -> None:
        self.db = db
        self.ingestor = ingestor

    def get(self, tenant_id: str, proposal_id: str) -> Proposal:
        with self.db.read() as conn:
            stored = proposal_store.get_proposal(conn, tenant_id, proposal_id)
        return Proposal.model_validate(stored)

    def approve(
        self,
        tenant_id: str,
        proposal_id: str,
        reviewer: str,
        edited_text: str | None = None,
        comment: str = "",
    ) -> Review:
        """Apply the proposal as a new playbook version.

        When another change lands on the playbook while this one is computed, the
        proposal is rebased on it and tried again, up to ``REBASES`` times.
        """
        for attempt in range(1, REBASES + 2):
            proposal = self.get(tenant_id, proposal_id)
            _check_pending(proposal)
            version = self._current(tenant_id, proposal)
            new_text = applied(proposal, version, edited_text)
            guard = partial(
                proposal_store.decide,
                tenant_id=tenant_id,
                proposal_id=proposal_id,
                status="approved",
                reviewer=reviewer,
                reason=comment,
                applied_version=version.version + 1,
                applied_text=edited_text,
            )
            note = VersionNote(
                author=reviewer,
                reason=_reason(proposal, comment),
                proposal_id=proposal_id,
                expected_version=version.version,
            )
            try:
                counts = self.ingestor.playbook(
                    tenant_id,
                    proposal.playbook_id,
                    new_text,
                    note=note,
                    within=guard,
                )
            except Conflict as exc:
                if exc.details.get("reason") != "version_moved" or attempt > REBASES:
                    raise
                log.info("%s moved during approval; rebasing", proposal.playbook_id)
                continue
            return Review(proposal=self.get(tenant_id, proposal_id), reindexed=counts)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def reject(self, tenant_id: str, proposal_id: str, reviewer: str, reason: str):
        with self.db.begin() as conn:
            proposal_store.decide(
                conn,
                tenant_id,
                proposal_id,
                status="rejected",
                reviewer=reviewer,
                reason=reason,
            )
        return Review(proposal=self.get(tenant_id, proposal_id))

    def diff(self, tenant_id: str, proposal_id: str) -> str:
        """A unified diff of the playbook: applied, or as approval would change it."""
        proposal = self.get(tenant_id, proposal_id)
        with self.db.read() as conn:
            if proposal.applied_version is not None:
                after = get_version(
                    conn, tenant_id, proposal.playbook_id, proposal.applied_version
                )
                before_version = proposal.applied_version - 1
                before = get_version(
                    conn, tenant_id, proposal.playbook_id, before_version
                )
                return unified(before, after.text, f"v{after.version}")
            number = None if proposal.status == "pending" else proposal.base_version
            before = get_version(conn, tenant_id, proposal.playbook_id, number)
        return unified(before, applied(proposal, before), f"proposal {proposal.id}")

    def _current(self, tenant_id: str, proposal: Proposal) -> PlaybookVersion:
        with self.db.read() as conn:
            head = get_head(conn, tenant_id, proposal.playbook_id)
            if not head.active:
                raise Conflict(
                    f"{proposal.playbook_id} was removed after proposal {proposal.id} "
                    "was made; its history is kept, but there is nothing to apply to"
                )
            return get_version(conn, tenant_id, proposal.playbook_id)


def applied(
    proposal: Proposal, version: PlaybookVersion, edited_text: str | None = None
) -> str:
    """The playbook text with the proposal applied to ``version``.

    Refuses with ``Conflict`` when the targeted section is gone or, for a proposal
    made against an older version, has changed since; with ``InvalidInput`` when
    the result would not change the playbook.
    """
    text = version.text
    spans = outline(text, proposal.playbook_id)
    body = proposal.proposed_text if edited_text is None else edited_text
    where = f"version {version.version} of {proposal.playbook_id}"
    if proposal.kind == "retire" and edited_text is not None:
        raise InvalidInput("a retire proposal removes its section; it takes no text")
    if proposal.kind == "add":
        anchor = find(text, spans, proposal.anchor)
        if anchor is None:
            raise _gone(proposal, proposal.anchor, where)
        if find(text, spans, proposal.section) is not None:
            raise Conflict(f"{where} already has a section '{_path(proposal.section)}'")
        return insert_section(text, anchor, spans, proposal.section[-1], body)
    span = find(text, spans, proposal.section)
    if span is None:
        raise _gone(proposal, proposal.section, where)
    if body_text(text, span) != proposal.current_text:
        raise _stale(proposal, version)
    if proposal.kind == "retire":
        return remove_section(text, span)
    new_text = replace_body(text, span, body)
    if new_text == text:
        raise InvalidInput(
            "the proposed text is the section as it stands; nothing to apply"
        )
    return new_text


def unified(before: PlaybookVersion, after: str, label: str) -> str:
    lines = difflib.unified_diff(
        before.text.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"{before.playbook_id} v{before.version}",
        tofile=f"{before.playbook_id} {label}",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _check_pending(proposal: Proposal) -> None:
    if proposal.status != "pending":
        applied_as = (
            f" as version {proposal.applied_version}"
            if proposal.applied_version
            else ""
        )
        raise Conflict(
            f"proposal {proposal.id} was already {proposal.status} by "
            f"{proposal.reviewer} at {proposal.decided_at}{applied_as}; "
            "nothing was changed"
        )


def _stale(proposal: Proposal, version: PlaybookVersion) -> Conflict:
    section = _path(proposal.section)
    if proposal.base_version == version.version:
        return Conflict(f"the section '{section}' no longer matches the proposal")
    return Conflict(
        f"proposal {proposal.id} was made against version {proposal.base_version} of "
        f"{proposal.playbook_id}, which is now at version {version.version}, and the "
        f"section '{section}' has changed since; reject it and mine again"
    )


def _gone(proposal: Proposal, section: list[str], where: str) -> Conflict:
    return Conflict(
        f"the section '{_path(section)}' that proposal {proposal.id} targets is not "
        f"in {where}: it was removed or renamed; reject the proposal or mine again"
    )


def _reason(proposal: Proposal, comment: str) -> str:
    said = f"proposal {proposal.id}: {proposal.kind} '{_path(proposal.section)}'"
    return f"{said}; {comment}" if comment else said


def _path(section: list[str]) -> str:
    return " > ".join(section)
