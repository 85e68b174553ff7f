"""The action text form: canonical, round-trip, and helpful about junk."""

from __future__ import annotations

import random

import pytest
from engine_kit import lab, run
from hypothesis import given
from hypothesis import strategies as st

from game import (
    Action,
    ActionSyntaxError,
    IllegalAction,
    Verb,
    apply,
    bundled_ids,
    is_over,
    legal_actions,
    load_scenario,
    new_game,
)


@given(name=st.sampled_from(bundled_ids()), seed=st.integers(0, 2**32 - 1),
       moves=st.integers(0, 2**32 - 1))
def test_every_legal_action_prints_and_parses_back(name: str, seed: int, moves: int) -> None:
    state = new_game(load_scenario(name), seed)
    rng = random.Random(moves)
    while not is_over(state):
        assert state.to_move is not None
        options = legal_actions(state, state.to_move)
        for action in options:
            text = str(action)
            assert Action.parse(text) == action
            assert "  " not in text and text == text.strip()
        state = apply(state, rng.choice(options))


WORDS = ["indonesia", "vietnam", "table", "consult", "object", "reserve", "pass", "amend",
         "lab-drill", "ambition=2", "ambition=0", "ambition=x", "reason=N3", "reason=",
         "=", "==", "support", "compromise", "ambition=1", "reason=burden", "convene"]


@given(st.one_of(st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join),
                 st.text(alphabet=st.characters(codec="ascii"), max_size=40)))
def test_parsing_any_text_gives_an_action_or_a_syntax_error(text: str) -> None:
    try:
        action = Action.parse(text)
    except ActionSyntaxError as err:
        assert str(err).startswith(f"`{text}`")
        return
    assert Action.parse(str(action)) == action


@pytest.mark.parametrize(("text", "hint"), [
    ("", "expected `SEAT VERB"),
    ("indonesia", "expected `SEAT VERB"),
    ("indonesia dance", "unknown verb `dance`; verbs: convene, consult"),
    ("indonesia table", "`table` needs a measure"),
    ("indonesia table ambition=2", "`table` needs a measure"),
    ("indonesia consult", "`consult` needs a seat"),
    ("indonesia table lab-drill", "needs `ambition=N`"),
    ("indonesia table lab-drill ambition=0", "ambition must be a whole number from 1"),
    ("indonesia table lab-drill ambition=two", "ambition must be a whole number from 1"),
    ("indonesia table lab-drill ambition=2 ambition=3", "unexpected `ambition=3`"),
    ("vietnam object", "`object` needs `reason=`"),
    ("vietnam support reason=N3", "unexpected `reason=N3` after `support`"),
    ("vietnam pass singapore", "unexpected `singapore` after `pass`"),
    ("vietnam object reason=", "unexpected `reason=`"),
])
def test_junk_gets_a_message_saying_what_the_form_should_be(text: str, hint: str) -> None:
    with pytest.raises(ActionSyntaxError) as err:
        Action.parse(text)
    assert hint in str(err.value)


def test_the_text_form_is_canonical() -> None:
    action = Action.parse("  indonesia   table lab-drill   ambition=02 ")
    assert action == Action("indonesia", Verb.TABLE, "lab-drill", 2)
    assert str(action) == "indonesia table lab-drill ambition=2"
    objection = Action("vietnam", Verb.OBJECT, reason="red-line")
    assert str(objection) == "vietnam object reason=red-line"


def test_a_superscript_ambition_is_a_syntax_error() -> None:
    with pytest.raises(ActionSyntaxError):
        Action.parse("indonesia reserve ambition=²")


def test_stray_ambition_or_reason_is_refused() -> None:
    state = new_game(lab(), 1)
    stray = Action("indonesia", Verb.CONVENE, ambition=2, reason="N3")
    assert stray not in legal_actions(state, "indonesia")
    with pytest.raises(IllegalAction) as err:
        apply(state, stray)
    assert err.value.rule == "syntax"


def test_an_action_parsed_from_text_applies_like_the_value() -> None:
    state = run(new_game(lab(), 1), ["indonesia convene"])
    assert apply(state, Action.parse("indonesia consult vietnam")) == apply(
        state, Action("indonesia", Verb.CONSULT, "vietnam"))
