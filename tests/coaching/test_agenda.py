"""Writing 1:1 agendas: cited parts, time boxes, commitments carried, bad input."""

import datetime as dt

import pytest

from coaching.agenda_models import Agenda, AgendaRequest
from coaching.agenda_sources import agenda_source_text
from core.errors import Conflict, InvalidInput, ModelUnavailable, NotFound
from llm.fake import QueuedFakeChatModel
from store.agendas import Commitment, add_commitments
from tests.agenda_builders import TODAY, T, days_ago, move, seed_team, summary_answer


@pytest.fixture
def rt(make_runtime):
    runtime = make_runtime(model=None)
    seed_team(runtime)
    return runtime


def write(rt, rep_id="moses-frase", today=TODAY, **fields) -> Agenda:
    request = AgendaRequest(rep_id=rep_id, reference_date=today, **fields)
    return rt.agenda_writer.write(T, request, today)


def claims(agenda: Agenda) -> list:
    found = [agenda.summary, *agenda.recognition, *agenda.commitments]
    found += agenda.late_deals
    for deal in agenda.early_deals:
        found += [deal, *deal.reasons]
    if agenda.skill_focus:
        found += [*agenda.skill_focus.evidence, agenda.skill_focus.exercise]
    return found


def assert_citation_contract(rt, agenda: Agenda) -> None:
    """Every claim cites; every id is listed; every quote is in the text served."""
    listed = {c.id for c in agenda.citations}
    for claim in claims(agenda):
        assert claim.citations, claim
        assert set(claim.citations) <= listed, claim
    for item in agenda.items:
        assert set(item.citations) <= listed, item
    with rt.db.read() as conn:
        for citation in agenda.citations:
            text = agenda_source_text(conn, T, citation.id, rt.rubric)
            assert citation.quote in text, citation


def test_a_full_agenda_holds_the_citation_contract(rt):
    agenda = write(rt)
    assert {c.kind for c in agenda.citations} >= {"deal", "scorecard", "rubric", "play"}
    assert_citation_contract(rt, agenda)


def test_the_stalled_deal_leads_and_closed_deals_are_only_recognised(rt):
    agenda = write(rt)
    ranked = [d.deal_id for d in agenda.early_deals]
    assert ranked[0] == "M-STALL" and set(ranked) == {"M-STALL", "M-FRESH", "M-PROS"}
    assert agenda.early_deal_count == 3
    assert "M-WON" not in ranked and "M-LOST" not in ranked
    assert [d.deal_id for d in agenda.late_deals] == ["M-LATE"]
    assert agenda.recognition[0].text == "Won Isdom (GTX Pro) for 4,514 on 2017-12-29."
    stalled = agenda.early_deals[0].reasons
    assert any("team's median of 30" in r.text for r in stalled)


@pytest.mark.parametrize("length", [10, 25, 30, 45, 120])
@pytest.mark.parametrize("rep_id", ["moses-frase", "eve"])
def test_time_boxes_add_up_to_the_meeting(rt, length, rep_id):
    agenda = write(rt, rep_id, length_minutes=length)
    assert sum(item.minutes for item in agenda.items) == length
    assert all(item.minutes >= 1 for item in agenda.items)
    kinds = {item.kind for item in agenda.items}
    assert kinds == {"recognition", "early_deal", "skill", "commitment", "rep_topic"}


def test_skill_focus_has_the_gap_its_evidence_and_a_cited_exercise(rt):
    focus = write(rt).skill_focus
    assert (focus.skill, focus.level, focus.target_level, focus.gap) == (
        "multi_threading",
        2,
        3,
        1,
    )
    assert focus.trend == "down"
    texts = " ".join(c.text for c in focus.evidence)
    assert "Cancity rests on one champion." in texts
    assert "1 of 3 open early-stage deals have one contact only." in texts
    assert focus.exercise.id == "multithreading-buying-group-map"
    assert focus.exercise.play == "Mapping the buying group"
    assert focus.exercise.citations[-1].startswith("play:")


def test_commitments_recorded_open_the_next_agenda(rt):
    first = write(rt, today=days_ago(7))
    with rt.db.begin() as conn:
        add_commitments(
            conn,
            T,
            first.id,
            [Commitment(text="Map the Cancity buying group", deal_id="M-STALL")],
        )
    nxt = write(rt)

    assert nxt.period_start == days_ago(7)
    assert nxt.summary.text.startswith("Open with the commitment from last time.")
    assert [c.text for c in nxt.commitments] == ["Map the Cancity buying group"]
    assert nxt.items[0].kind == "commitment" and "Cancity" in nxt.items[0].detail
    assert nxt.commitments[0].citations == [f"agenda:{first.id}:commitments[0]"]
    assert nxt.skill_focus.exercise.id != first.skill_focus.exercise.id
    assert_citation_contract(rt, nxt)

    redraft = write(rt)  # the same day again: still carries last week's
    assert [c.text for c in redraft.commitments] == ["Map the Cancity buying group"]


def test_an_agenda_without_commitments_recorded_says_so(rt):
    first = write(rt, today=days_ago(7))
    nxt = write(rt)
    assert nxt.commitments == []
    assert any(first.id in gap for gap in nxt.gaps)


def test_a_rep_with_nothing_on_record_gets_a_full_agenda_naming_the_gaps(rt):
    agenda = write(rt, "eve")
    assert agenda.early_deals == [] and agenda.skill_focus is None
    titles = [item.title for item in agenda.items]
    assert "Building pipeline" in titles and "Skill: a first scorecard" in titles
    gaps = " ".join(agenda.gaps)
    assert "No open early-stage deals" in gaps
    assert "No scorecards on record for Eve Empty" in gaps
    assert "No wins or score gains" in gaps
    assert "Nothing is on record for Eve Empty" in agenda.summary.text


def test_rep_topics_get_their_own_time(rt):
    agenda = write(rt, rep_topics=["Pricing for renewals"])
    topic = next(item for item in agenda.items if item.kind == "rep_topic")
    assert topic.detail == "Pricing for renewals" and topic.minutes >= 3


def test_a_moved_rep_starts_fresh_with_the_new_manager(rt):
    old = write(rt, "anna", today=days_ago(7))
    with rt.db.begin() as conn:
        add_commitments(conn, T, old.id, [Commitment(text="Call Anna account 1")])
    move(rt, "anna", "Anna Snelling", "cara")
    agenda = write(rt, "anna")

    assert agenda.manager_id == "cara" and agenda.commitments == []
    assert any(
        "First agenda for Anna Snelling with Cara Losch" in g for g in agenda.gaps
    )
    old_team = rt.agenda_writer.team(T, "dustin", TODAY)
    assert "anna" not in [a.rep_id for a in old_team.agendas]
    with pytest.raises(NotFound):
        rt.agenda_writer.write(T, AgendaRequest(rep_id="anna"), TODAY, "dustin")


def test_a_grounded_model_summary_is_used(make_runtime):
    model = QueuedFakeChatModel(
        [summary_answer("Coach Cancity first: 120 days in discovery.", "D1")]
    )
    runtime = make_runtime(model=model)
    seed_team(runtime)
    agenda = write(runtime)
    assert agenda.summary.text == "Coach Cancity first: 120 days in discovery."
    assert "deal:M-STALL:stage_entered_date" in agenda.summary.citations
    assert agenda.usage.model == "queued-fake" and agenda.left_out == []
    prompt = model.calls[0].messages[-1]["content"]
    assert '<data id="D1" kind="deal" title="Cancity">' in prompt


@pytest.mark.parametrize(
    "answer, why",
    [
        (summary_answer("Coach Cancity first.", "X9"), "cites no fact"),
        (summary_answer("Celebrate the record quarter of 2 million.", "D1"), "not sup"),
        (
            summary_answer("Coach the Globex deal first: 120 days in discovery.", "D1"),
            "does not name 'Cancity'",
        ),
        (
            summary_answer("Coach Cancity first: 12 days in discovery.", "D1"),
            "'12' is in none of the facts",
        ),
        (ModelUnavailable("the model endpoint timed out"), "the model gave none"),
    ],
)
def test_an_unusable_model_summary_falls_back_to_code(make_runtime, answer, why):
    runtime = make_runtime(model=QueuedFakeChatModel([answer]))
    seed_team(runtime)
    agenda = write(runtime)
    assert agenda.summary.text.startswith(
        "Coach Cancity first (120 days in discovery against the team's median of 30), "
    )
    assert agenda.summary.citations and why in agenda.left_out[0]
    assert_citation_contract(runtime, agenda)


def test_without_the_named_playbook_the_closest_play_is_quoted(make_runtime):
    runtime = make_runtime(model=None)
    seed_team(runtime, playbooks=False)
    runtime.ingestor.playbook(
        T,
        "handbook/threads.md",
        "# Selling\n\n## Buying groups\n\nFor one open deal, draw the buying group "
        "with every role, what each person cares about and who favours us.\n",
    )
    agenda = write(runtime)
    assert agenda.skill_focus.exercise.play == "Buying groups"
    assert any("closest play by search" in gap for gap in agenda.gaps)
    assert_citation_contract(runtime, agenda)


def test_without_any_playbook_the_exercise_cites_the_rubric_only(make_runtime):
    runtime = make_runtime(model=None)
    seed_team(runtime, playbooks=False)
    exercise = write(runtime).skill_focus.exercise
    assert exercise.citations == ["rubric:multi_threading:exercises[0]"]
    assert exercise.excerpt == ""


def test_unknown_people_and_wrong_managers_are_refused(rt):
    with pytest.raises(NotFound, match="'nobody'"):
        write(rt, "nobody")
    with pytest.raises(Conflict, match="reports to 'dustin', not 'cara'"):
        write(rt, manager_id="cara")
    with pytest.raises(NotFound, match="'ghost'"):
        rt.agenda_writer.team(T, "ghost", TODAY)
    early = AgendaRequest(rep_id="moses-frase", since=TODAY + dt.timedelta(days=1))
    with pytest.raises(InvalidInput, match="after reference_date"):
        rt.agenda_writer.write(T, early, TODAY)


def test_a_manager_drafts_only_for_their_own_reports(rt):
    move(rt, "eve", "Eve Empty", "cara")
    with pytest.raises(NotFound, match="'moses-frase'"):
        rt.agenda_writer.write(T, AgendaRequest(rep_id="moses-frase"), TODAY, "cara")
    with pytest.raises(NotFound, match="'dustin'"):
        rt.agenda_writer.team(T, "dustin", TODAY, "cara")
    assert rt.agenda_writer.write(T, AgendaRequest(rep_id="eve"), TODAY, "cara")


def test_the_team_view_has_one_agenda_per_report_and_reuses_the_days(rt):
    team = rt.agenda_writer.team(T, "dustin", TODAY)
    assert [a.rep_id for a in team.agendas] == ["anna", "eve", "moses-frase"]
    assert team.week == "2017-W52" and team.note == ""
    again = rt.agenda_writer.team(T, "dustin", TODAY)
    assert [a.id for a in again.agendas] == [a.id for a in team.agendas]


def test_a_manager_without_reports_gets_an_empty_team_with_a_note(rt):
    team = rt.agenda_writer.team(T, "cara", TODAY)
    assert (
        team.agendas == []
        and team.note == "Cara Losch has no direct reports on record."
    )


def test_tenants_do_not_share_people(rt):
    with pytest.raises(NotFound):
        rt.agenda_writer.write("globex", AgendaRequest(rep_id="moses-frase"), TODAY)


def test_agendas_can_be_configured_never_to_call_the_model(make_runtime):
    model = QueuedFakeChatModel([])
    runtime = make_runtime(model=model, agenda_model_summary=False)
    seed_team(runtime, playbooks=False)
    agenda = write(runtime)
    assert model.calls == [] and agenda.usage is None and agenda.left_out == []
    assert agenda.summary.text.startswith("Coach Cancity first")
