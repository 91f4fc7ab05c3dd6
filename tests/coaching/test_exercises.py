"""Choosing an exercise and the sentence of a play to quote beside it."""

from coaching.exercises import pick_exercise, practice_sentence
from coaching.rubric import DEFAULT_RUBRIC, load_rubric

SKILL = load_rubric(DEFAULT_RUBRIC).skills["qualification"]
PLAY = (
    "Before every call, be sure to consider the champion questions below:\n"
    "- How do you know if you're working with a champion or a coach?\n"
    "- A champion has power, influence and a personal win in the project.\n"
)


def test_a_sentence_pointing_at_a_list_is_passed_over():
    quote = practice_sentence(PLAY, "champion questions before the call")
    assert quote == "How do you know if you're working with a champion or a coach?"
    assert quote in PLAY


def test_a_pointer_is_quoted_when_nothing_else_will_do():
    only = "Consider the questions below before the call:"
    assert practice_sentence(only, "questions") == only


def test_the_exercise_set_last_time_is_not_set_again():
    first = pick_exercise(SKILL)
    assert first[0] == 0
    assert pick_exercise(SKILL, first[1].id)[0] == 1
    assert pick_exercise(SKILL, "someone-else")[0] == 0
