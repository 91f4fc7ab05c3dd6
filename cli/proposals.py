"""``sideline proposals``: mine notes into playbook proposals, review them, apply them.

The command line acts as the local administrator, as the API does in local mode;
who decided is recorded as ``cli:<login name>`` unless ``--as`` names someone.
"""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.text import Text

from cli.playbooks import err, fail, out, show_diff
from core.errors import SidelineError
from core.settings import get_settings

app = typer.Typer(
    no_args_is_help=True,
    help="Evidence-backed playbook proposals: run, list, show, approve, reject.",
)
Reviewer = Annotated[
    Optional[str], typer.Option("--as", help="Who decides (default: your login)")
]


def _runtime():
    from service.runtime import Runtime

    return Runtime(get_settings())


def _who(name: str | None) -> str:
    return name or f"cli:{getpass.getuser()}"


@app.command()
def run(
    playbook: Annotated[
        Optional[str], typer.Option(help="A playbook id, or a folder ending in '/'")
    ] = None,
    since: Annotated[Optional[str], typer.Option(help="First day, YYYY-MM-DD")] = None,
    until: Annotated[Optional[str], typer.Option(help="Last day, YYYY-MM-DD")] = None,
    vendor: Annotated[
        Optional[str], typer.Option(help="Only notes from this seller's side")
    ] = None,
    competitor: Annotated[Optional[str], typer.Option()] = None,
    segment: Annotated[Optional[str], typer.Option()] = None,
    look_for: Annotated[
        Optional[list[str]], typer.Option(help="A competitor to find in note text")
    ] = None,
    draft: Annotated[bool, typer.Option(help="Let the model draft a lead line")] = True,
) -> None:
    """Mine win/loss notes against the playbooks and store new proposals."""
    from coaching.proposal_models import ProposalRunRequest

    try:
        request = ProposalRunRequest(
            playbook=playbook,
            since=dt.date.fromisoformat(since) if since else None,
            until=dt.date.fromisoformat(until) if until else None,
            vendor=vendor,
            competitor=competitor,
            segment=segment,
            competitors=look_for or [],
            draft=draft,
        )
        with err.status("mining win/loss notes"):
            result = _runtime().proposer.run(get_settings().tenant, request)
    except SidelineError as exc:
        fail(exc.message)
    except ValueError as exc:
        fail(str(exc).splitlines()[-1])
    out.print(result.message, markup=False)
    for proposal in result.proposals:
        out.print(_line(proposal.model_dump()), markup=False)
    for line in result.skipped + result.notes_left_out + result.set_aside:
        out.print(f"  note: {line}", markup=False)


@app.command("list")
def list_(
    status: Annotated[
        Optional[str], typer.Option(help="pending, approved or rejected")
    ] = "pending",
    playbook: Optional[str] = None,
    kind: Annotated[Optional[str], typer.Option(help="add, revise or retire")] = None,
    strength: Annotated[
        Optional[str], typer.Option(help="weak, moderate, strong")
    ] = None,
    limit: int = 50,
) -> None:
    """Proposals, newest first (pending ones unless --status says otherwise)."""
    from store.proposals import list_proposals

    status = None if status == "all" else status
    rt = _runtime()
    with rt.db.read() as conn:
        found = list_proposals(
            conn,
            get_settings().tenant,
            status=status,
            playbook_id=playbook,
            kind=kind,
            strength=strength,
            limit=limit,
        )
    for proposal in found:
        out.print(_line(proposal), markup=False)


@app.command()
def show(
    proposal_id: str, as_json: Annotated[bool, typer.Option("--json")] = False
) -> None:
    """One proposal: why, the evidence it rests on, and the change as a diff."""
    rt = _runtime()
    tenant = get_settings().tenant
    try:
        proposal = rt.reviewer.get(tenant, proposal_id)
        if as_json:
            typer.echo(proposal.model_dump_json(indent=2))
            return
        diff = _diff_or_reason(rt, tenant, proposal_id)
    except SidelineError as exc:
        fail(exc.message)
    out.print(Text(_line(proposal.model_dump()), style="bold"))
    out.print(
        f"base version {proposal.base_version}; {proposal.rationale}", markup=False
    )
    out.print("\nEvidence:")
    for item in proposal.evidence:
        out.print(
            f"  {item.note_id} ({item.outcome}, {item.role}, {item.stance}): "
            f'"{item.quote}"',
            markup=False,
        )
    for line in proposal.left_out:
        out.print(f"  left out: {line}", markup=False)
    out.print("")
    show_diff(diff)


@app.command()
def approve(
    proposal_id: str,
    edit: Annotated[
        Optional[Path],
        typer.Option(help="A file with the text to apply instead ('-': stdin)"),
    ] = None,
    comment: str = "",
    who: Reviewer = None,
) -> None:
    """Apply a proposal (or your edit of it) as a new playbook version."""
    text = _edited(edit)
    try:
        review = _runtime().reviewer.approve(
            get_settings().tenant,
            proposal_id,
            _who(who),
            edited_text=text,
            comment=comment,
        )
    except SidelineError as exc:
        fail(exc.message)
    counts = ", ".join(f"{k} {v}" for k, v in sorted(review.reindexed.items()))
    out.print(
        f"approved {proposal_id}: {review.proposal.playbook_id} is now version "
        f"{review.proposal.applied_version} (plays: {counts})",
        markup=False,
    )


@app.command()
def reject(
    proposal_id: str,
    reason: Annotated[str, typer.Option(help="Why; kept with the proposal")],
    who: Reviewer = None,
) -> None:
    """Reject a proposal, with the reason."""
    if not reason.strip():
        fail("a rejection needs a reason")
    try:
        _runtime().reviewer.reject(
            get_settings().tenant, proposal_id, _who(who), reason.strip()
        )
    except SidelineError as exc:
        fail(exc.message)
    out.print(f"rejected {proposal_id}")


def _line(proposal: dict) -> str:
    section = " > ".join(proposal["section"])
    return (
        f"{proposal['id']}  {proposal['status']:<8} {proposal['kind']:<6} "
        f"{proposal['strength']:<8} {proposal['playbook_id']}: {section}"
    )


def _diff_or_reason(rt, tenant: str, proposal_id: str) -> str:
    """The diff; for a proposal that can no longer apply, why, instead."""
    from core.errors import Conflict

    try:
        return rt.reviewer.diff(tenant, proposal_id)
    except Conflict as exc:
        return f"(cannot be applied as it stands: {exc.message})"


def _edited(path: Path | None) -> str | None:
    if path is None:
        return None
    text = typer.get_text_stream("stdin").read() if str(path) == "-" else None
    if text is None:
        if not path.is_file():
            fail(f"{path}: no such file")
        text = path.read_text(encoding="utf-8")
    if not text.strip():
        fail("the edited text is empty; to drop the proposal, reject it")
    return text
