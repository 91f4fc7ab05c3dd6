"""Briefs as Markdown for Slack or e-mail; citations become numbered footnotes."""

from __future__ import annotations

from coaching.brief_models import Brief


def brief_markdown(brief: Brief) -> str:
    numbers = {c.id: n for n, c in enumerate(brief.citations, start=1)}

    def refs(ids: list[str]) -> str:
        return "".join(f"[^{numbers[i]}]" for i in ids if i in numbers)

    lines = [
        f"# Pre-call brief: deal {brief.deal_id} ({brief.meeting.kind})",
        f"_As of {brief.reference_date.isoformat()}_",
        "",
        f"**Summary.** {brief.summary.text} {refs(brief.summary.citations)}",
        "",
        f"**Goal.** {brief.goal}",
    ]
    lines += _section(
        "Who is in the room",
        [
            f"{s.name}"
            + (f", {s.title}" if s.title else "")
            + (f" ({s.role})" if s.role else "")
            + (" — in this meeting" if s.in_meeting else "")
            + (f": cares about {s.cares_about}" if s.cares_about else "")
            + f" {refs(s.citations)}"
            for s in brief.stakeholders
        ],
        empty="No contacts on record.",
    )
    lines += _section(
        "Risks", [f"**{r.severity}** {r.text} {refs(r.citations)}" for r in brief.risks]
    )
    lines += _section(
        "Questions to ask", [f"{q.text} {refs(q.citations)}" for q in brief.questions]
    )
    lines += _section(
        "Likely objections",
        [
            f"*{o.objection}* → {o.response} {refs(o.citations)}"
            for o in brief.objections
        ],
        empty="None the sources could ground.",
    )
    lines += _section(
        "Plays",
        [f"**{p.title}**: {p.excerpt} {refs(p.citations)}" for p in brief.plays],
    )
    lines += _section(
        "Lessons from similar deals",
        [f"({lsn.outcome}) {lsn.text} {refs(lsn.citations)}" for lsn in brief.lessons],
    )
    lines += [
        "",
        f"**Next step.** {brief.next_step.text} {refs(brief.next_step.citations)}",
    ]
    if brief.left_out:
        lines += _section("Left out (not grounded)", brief.left_out)
    lines += ["", "---"]
    for c in brief.citations:
        where = " > ".join(c.heading_path) or c.source
        lines.append(f"[^{numbers[c.id]}]: {c.source} — {where}: “{c.quote}”")
    return "\n".join(lines) + "\n"


def _section(title: str, items: list[str], empty: str = "None.") -> list[str]:
    body = [f"- {item.strip()}" for item in items] or [empty]
    return ["", f"## {title}", *body]
