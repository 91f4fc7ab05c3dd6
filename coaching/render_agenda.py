"""1:1 agendas as Markdown for Slack or e-mail; citations become numbered footnotes."""

from __future__ import annotations

from collections.abc import Callable

from coaching.agenda_models import Agenda, SkillFocus, TeamAgendas

Refs = Callable[[list[str]], str]


def agenda_markdown(agenda: Agenda) -> str:
    numbers = {c.id: n for n, c in enumerate(agenda.citations, start=1)}

    def refs(ids: list[str]) -> str:
        return "".join(f"[^{numbers[i]}]" for i in ids if i in numbers)

    lines = [
        f"# 1:1 agenda: {agenda.rep_name} with {agenda.manager_name}",
        f"_{agenda.reference_date.isoformat()}, {agenda.length_minutes} minutes; "
        f"period {agenda.period_start.isoformat()} to "
        f"{agenda.period_end.isoformat()}_",
        "",
        f"**Summary.** {agenda.summary.text} {refs(agenda.summary.citations)}".rstrip(),
    ]
    lines += _section(
        "Plan",
        [
            f"**{i.minutes} min · {i.title}.** {i.detail} {refs(i.citations)}"
            for i in agenda.items
        ],
    )
    lines += _deals(agenda, refs)
    lines += _focus(agenda.skill_focus, refs)
    lines += _record(agenda, refs)
    lines += ["", "---"]
    for c in agenda.citations:
        where = " > ".join(c.heading_path) or c.source
        lines.append(f"[^{numbers[c.id]}]: {c.source} — {where}: “{c.quote}”")
    return "\n".join(lines) + "\n"


def _record(agenda: Agenda, refs: Refs) -> list[str]:
    """Skill levels, carried commitments, and what was missing or left out."""
    levels = [
        f"{s.name}: "
        + (
            f"level {s.level} ({s.level_name}), {s.trend}"
            if s.level is not None
            else "not scored"
        )
        + f" {refs(s.citations)}"
        for s in agenda.skills
    ]
    lines = _section("Skills", levels)
    lines += _section(
        "Commitments carried over",
        [f"{c.text} {refs(c.citations)}" for c in agenda.commitments],
        empty="None recorded last time.",
    )
    if agenda.gaps:
        lines += _section("Gaps in the record", agenda.gaps)
    if agenda.left_out:
        lines += _section("Left out (not grounded)", agenda.left_out)
    return lines


def team_markdown(team: TeamAgendas) -> str:
    head = f"# Team agendas: {team.manager_name}, week {team.week}\n"
    if not team.agendas:
        return head + f"\n{team.note}\n"
    return head + "\n" + "\n\n".join(agenda_markdown(a) for a in team.agendas)


def _deals(agenda: Agenda, refs: Refs) -> list[str]:
    title = f"Early-stage deals ({agenda.early_deal_count} open, most to gain first)"
    lines = ["", f"## {title}"]
    if not agenda.early_deals:
        lines.append("None open.")
    for n, deal in enumerate(agenda.early_deals, start=1):
        amount = f", {deal.amount:,.0f}" if deal.amount else ""
        lines.append(
            f"{n}. **{deal.account or deal.deal_id}** ({deal.deal_id}, {deal.stage}"
            f"{amount}), score {deal.score:g}"
        )
        lines += [f"   - {r.text} {refs(r.citations)}" for r in deal.reasons]
        lines.append(f"   - Ask: {deal.question}")
    if agenda.late_deals:
        lines += ["", "Late-stage deals at risk:"]
        lines += [
            f"- **{d.account or d.deal_id}** ({d.stage}): {d.risk} {refs(d.citations)}"
            for d in agenda.late_deals
        ]
    return lines


def _focus(focus: SkillFocus | None, refs: Refs) -> list[str]:
    if focus is None:
        return ["", "## Skill focus", "None: nothing on record points at a skill yet."]
    level = f"level {focus.level}" if focus.level is not None else "not scored"
    exercise = focus.exercise
    lines = [
        "",
        f"## Skill focus: {focus.name} ({level}, target {focus.target_level})",
        focus.why,
    ]
    lines += [f"- {c.text} {refs(c.citations)}" for c in focus.evidence]
    lines += [
        "",
        f"**Exercise: {exercise.title}.** {exercise.instructions} "
        f"{refs(exercise.citations[:1])}",
    ]
    if exercise.excerpt:
        lines.append(
            f"> {exercise.excerpt} — _{exercise.play}_ {refs(exercise.citations[1:])}"
        )
    return lines


def _section(title: str, items: list[str], empty: str = "None.") -> list[str]:
    body = [f"- {item.strip()}" for item in items] or [empty]
    return ["", f"## {title}", *body]
