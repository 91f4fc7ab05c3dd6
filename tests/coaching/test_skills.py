"""Skill levels and trends from scorecards, and the choice of one skill to coach."""

import datetime as dt
from collections import Counter

import pytest

from coaching.rubric import DEFAULT_RUBRIC, load_rubric, skill_line, skill_lines
from coaching.skills import choose_focus, skill_states
from core.errors import FileRejected, InvalidInput
from store.scorecards import Scorecard

RUBRIC = load_rubric(DEFAULT_RUBRIC)


def card(day: int, **scores) -> Scorecard:
    return Scorecard(
        id=f"sc-{day}",
        rep_id="anna",
        date=dt.date(2017, 12, day),
        reviewer="Dustin",
        scores=scores,
    )


def test_the_rubric_file_loads_with_every_skill_the_issue_names():
    assert {
        "discovery",
        "qualification",
        "multi_threading",
        "objection_handling",
        "negotiation",
        "forecasting",
    } <= set(RUBRIC.skills)
    assert RUBRIC.target_level == 3 and RUBRIC.top_level == 4
    lines = skill_lines(RUBRIC.skills["discovery"])
    assert skill_line(RUBRIC.skills["discovery"], "exercises[1]") in lines


def test_a_bad_rubric_is_refused_naming_the_problem(tmp_path):
    bad = tmp_path / "rubric.yaml"
    bad.write_text(
        DEFAULT_RUBRIC.read_text().replace("signals: [no_next_step]", "signals: [typo]")
    )
    with pytest.raises(FileRejected, match="unknown signals typo"):
        load_rubric(bad)
    broken = tmp_path / "broken.yaml"
    broken.write_text("skills: [unclosed\n")
    with pytest.raises(FileRejected, match="not valid YAML"):
        load_rubric(broken)


def test_scores_off_the_rubric_are_refused():
    with pytest.raises(InvalidInput, match="unknown skill 'juggling'"):
        RUBRIC.check_score("juggling", 2)
    with pytest.raises(InvalidInput, match="off the scale 1 to 4"):
        RUBRIC.check_score("discovery", 7)


def test_level_is_the_latest_score_and_trend_compares_the_one_before():
    states = {
        s.skill.id: s
        for s in skill_states(
            RUBRIC, [card(1, discovery=2, negotiation=3), card(9, discovery=3)]
        )
    }
    assert (states["discovery"].current.level, states["discovery"].trend) == (3, "up")
    assert states["negotiation"].trend == "new"
    assert states["forecasting"].trend == "unscored"


def test_focus_is_the_widest_gap_with_a_falling_trend_first():
    cards = [card(1, discovery=3, forecasting=3), card(9, discovery=2, forecasting=2)]
    cards.append(card(10, negotiation=2))
    focus = choose_focus(RUBRIC, skill_states(RUBRIC, cards), Counter())
    assert focus.state.skill.id == "discovery" and focus.gap == 1
    assert "falling" in focus.why


def test_deal_signals_break_ties_between_equal_gaps():
    cards = [card(1, discovery=2, forecasting=2)]
    focus = choose_focus(
        RUBRIC, skill_states(RUBRIC, cards), Counter(stalled=4, no_next_step=1)
    )
    assert focus.state.skill.id == "forecasting"


def test_without_scores_the_deals_choose_and_with_nothing_there_is_no_focus():
    states = skill_states(RUBRIC, [])
    focus = choose_focus(RUBRIC, states, Counter(single_threaded=3))
    assert focus.state.skill.id == "multi_threading" and focus.gap is None
    assert choose_focus(RUBRIC, states, Counter()) is None


def test_a_rep_at_target_everywhere_is_stretched_towards_the_top():
    cards = [card(1, **{k: 3 for k in RUBRIC.skills}), card(2, negotiation=4)]
    focus = choose_focus(RUBRIC, skill_states(RUBRIC, cards), Counter())
    assert focus.target == 4 and focus.gap == 1
    assert focus.state.skill.id != "negotiation"
