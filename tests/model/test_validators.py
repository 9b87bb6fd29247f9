"""Model and parameter rules raise XlaCoreError that says what is allowed; numpy numbers count."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlacore.cli import EXIT_USAGE, main
from xlacore.errors import InvalidInputError, InvariantError, XlaCoreError
from xlacore.model.calls import Call, CallEvent, CallKind, EventType
from xlacore.model.feedback import ZERO_TO_TEN, Feedback, Scale, Subject, SubjectKind
from xlacore.scoring.composite import Component
from xlacore.scoring.happiness import HappinessParams
from xlacore.scoring.normalisation import Band, Normalisation
from xlacore.scoring.percentile import PercentileParams
from xlacore.scoring.sketch import QuantileSketch
from xlacore.serialization import from_dict

INTEGER_TYPES = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64]
FLOAT_TYPES = [np.float16, np.float32, np.float64]
AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
_BAND = Band(in_low=0, in_high=10, out_low=0, out_high=100)


def _answer(value: object, scale: Scale = ZERO_TO_TEN) -> Feedback:
    return Feedback(
        id="S1", about=Subject(SubjectKind.CALL, "INC1"), scale=scale, value=value, answered_at=AT
    )


@given(st.sampled_from(INTEGER_TYPES), st.integers(0, 10))
def test_a_numpy_integer_on_the_scale_is_that_point(kind: type, point: int) -> None:
    answer = _answer(kind(point))
    assert answer.value == point
    assert type(answer.value) is int
    assert kind(point) in ZERO_TO_TEN


@given(st.sampled_from(INTEGER_TYPES + FLOAT_TYPES), st.integers(11, 100))
def test_a_numpy_number_off_the_scale_is_refused_saying_the_scale(kind: type, point: int) -> None:
    with pytest.raises(InvariantError, match=r"outside the scale 0\.\.10"):
        _answer(kind(point))


@pytest.mark.parametrize("value", [True, np.bool_(True), 9.5, np.float64(9.5), "9", None])
def test_what_is_no_whole_point_is_refused_as_such(value: object) -> None:
    with pytest.raises(InvariantError, match=r"is not a whole point of the scale 0\.\.10"):
        _answer(value)


def test_an_invariant_error_is_an_xlacore_error_and_a_value_error() -> None:
    with pytest.raises(InvariantError) as caught:
        Scale(5, 5)
    assert isinstance(caught.value, XlaCoreError)
    assert isinstance(caught.value, ValueError)
    assert caught.value.field == "high"


@pytest.mark.parametrize(
    ("build", "says"),
    [
        (
            lambda: HappinessParams(min_n=0),
            "min_n: 0 is outside the range; expected a whole number at least 1",
        ),
        (
            lambda: HappinessParams(min_n=2.5),
            "min_n: 2.5 is not allowed; expected a whole number at least 1",
        ),
        (
            lambda: HappinessParams(confidence=1),
            "confidence: 1 is outside the range; expected a number above 0 and below 1",
        ),
        (
            lambda: PercentileParams(q=1.5),
            "q: 1.5 is outside the range; expected a number at least 0 and at most 1",
        ),
        (
            lambda: PercentileParams(q=True),
            "q: True is not allowed; expected a number at least 0 and at most 1",
        ),
        (lambda: HappinessParams(column=3), "column: expected a string, got int"),
        (
            lambda: QuantileSketch(alpha=0.9),
            "alpha: 0.9 is outside the range; expected a number above 0 and below 0.5",
        ),
        (
            lambda: Normalisation(bands=(_BAND,), direction="maximize", truncate="yes"),
            "truncate: 'yes' is not allowed; expected True or False",
        ),
        (
            lambda: QuantileSketch(max_value=0),
            "max_value: 0 is outside the range; expected a whole number at least 1",
        ),
    ],
)
def test_a_bad_parameter_names_itself_its_value_and_what_is_allowed(
    build: object, says: str
) -> None:
    with pytest.raises(InvariantError) as caught:
        build()  # type: ignore[operator]
    assert str(caught.value) == says
    assert isinstance(caught.value, XlaCoreError)


def test_numbers_of_any_kind_are_taken_where_they_fit() -> None:
    assert HappinessParams(min_n=np.int64(5)).min_n == 5
    assert PercentileParams(q=1).q == 1.0
    assert PercentileParams(q=np.float32(0.5)).q == 0.5
    assert QuantileSketch(alpha=np.float32(0.25), max_value=np.int64(9)).max_value == 9
    band = Band(in_low=0, in_high=10, out_low=0, out_high=100)
    component = Component(
        strategy="happiness",
        params=HappinessParams(),
        normalisation=Normalisation(bands=(band,), direction="maximize"),
        weight=2,
    )
    assert component.weight == 2.0


def test_a_call_flag_is_true_or_false() -> None:
    opened = (CallEvent(EventType.OPENED, AT),)
    with pytest.raises(InvariantError, match="recorded_first_contact: 'yes' is not allowed"):
        Call(id="I1", kind=CallKind.INCIDENT, events=opened, recorded_first_contact="yes")


def test_a_bad_parameter_from_a_file_is_located_at_its_key() -> None:
    with pytest.raises(InvalidInputError) as caught:
        from_dict(HappinessParams, {"min_n": -1})
    assert caught.value.problems == (
        "$.min_n: -1 is outside the range; expected a whole number at least 1",
    )


def test_the_cli_reports_a_bad_parameter_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        '[[documents]]\napiVersion = "xlacore/v1"\nkind = "Indicator"\nmetadata.name = "h"\n'
        '[documents.spec]\nsource = "feedback"\nstrategy = "happiness"\nparams = { min_n = 0 }\n'
    )
    assert main(["validate", str(path)]) != 0
    err = capsys.readouterr().err
    assert ".spec.params.min_n: 0 is outside the range; expected a whole number at least 1" in err
    assert "Traceback" not in err
    assert main(["evaluate", "--demo", str(path)]) == EXIT_USAGE
    assert "Traceback" not in capsys.readouterr().err
