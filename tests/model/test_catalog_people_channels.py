"""Services and the catalogue, people and segments, channels and their normalisation, priority."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlacore.model import (
    ITIL_MATRIX,
    Channel,
    ChannelMap,
    Component,
    ComponentKind,
    InvariantError,
    Person,
    PriorityMatrix,
    Service,
    ServiceCatalog,
)
from xlacore.testing import strategies as xst

MAIL = Service("email", "Email")
LAPTOP = Service("laptop", "Laptop")


def test_catalog_maps_components_both_ways() -> None:
    catalog = ServiceCatalog(
        (MAIL, LAPTOP),
        (
            Component(ComponentKind.CI, "EXCH01", "email"),
            Component("assignment_group", "Messaging", "email"),
            Component("category", "Hardware", "laptop"),
        ),
    )
    assert catalog.resolve("ci", "EXCH01") == MAIL
    assert catalog.resolve(ComponentKind.CATEGORY, "Hardware") == LAPTOP
    assert catalog.resolve("ci", "unknown") is None
    assert [c.key for c in catalog.components_of("email")] == ["EXCH01", "Messaging"]
    with pytest.raises(KeyError, match="known: email, laptop"):
        catalog.service("payroll")


@pytest.mark.parametrize(
    ("services", "components", "fragment"),
    [
        ((MAIL, MAIL), (), "duplicate service id 'email'"),
        ((MAIL,), (Component("ci", "X", "payroll"),), "unknown service 'payroll'"),
        (
            (MAIL, LAPTOP),
            (Component("ci", "X", "email"), Component("ci", "X", "laptop")),
            "already mapped",
        ),
    ],
)
def test_catalog_invariants(
    services: tuple[Service, ...], components: tuple[Component, ...], fragment: str
) -> None:
    with pytest.raises(InvariantError, match=fragment):
        ServiceCatalog(services, components)


@given(xst.catalogs())
def test_every_component_resolves_to_its_service(catalog: ServiceCatalog) -> None:
    for component in catalog.components:
        resolved = catalog.resolve(component.kind, component.key)
        assert resolved is not None
        assert resolved.id == component.service
        assert component in catalog.components_of(component.service)


def test_segments() -> None:
    person = Person("u1", department="Finance", vip=True, attributes={"country": "NL"})
    assert person.segment("department") == "Finance"
    assert person.segment("vip") == "true"
    assert person.segment("country") == "NL"
    assert person.segment("location") is None
    assert person.segment("shoe size") is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Phone", Channel.PHONE),
        ("Self service", Channel.PORTAL),
        ("self-service", Channel.PORTAL),
        ("Walk-in", Channel.WALK_IN),
        ("WALK_IN", Channel.WALK_IN),
        ("Virtual Agent", Channel.VIRTUAL_AGENT),
        ("IVR", Channel.PHONE),
        ("  e-mail ", Channel.EMAIL),
        ("Teams", None),
        ("Tech Café", None),
        (None, None),
    ],
)
def test_default_channel_normalisation(raw: str | None, expected: Channel | None) -> None:
    assert ChannelMap.default().normalise(raw) is expected


def test_channel_tally_counts_unmapped_values() -> None:
    tally = ChannelMap.default().tally(["Phone", "phone", "Teams", "Teams", "IM", None, ""])
    assert tally.mapped == {Channel.PHONE: 2}
    assert tally.unmapped == {"Teams": 2, "IM": 1}
    assert tally.missing == 2
    assert tally.total == 7
    assert tally.unmapped_share == pytest.approx(3 / 5)


def test_channel_map_can_be_extended() -> None:
    extended = ChannelMap.default().extended({"Teams": "chat", "Tech Café": Channel.WALK_IN})
    assert extended.normalise("teams") is Channel.CHAT
    assert extended.normalise("tech café") is Channel.WALK_IN
    with pytest.raises(InvariantError, match="unknown channel 'pigeon'"):
        ChannelMap({"coo": "pigeon"})


@given(st.lists(st.sampled_from(["Phone", "Teams", "email", "IM", "portal"]) | st.none()))
def test_tally_accounts_for_every_value(values: list[str | None]) -> None:
    tally = ChannelMap.default().tally(values)
    assert tally.total == len(values)
    assert 0.0 <= tally.unmapped_share <= 1.0


def test_itil_priority_matrix() -> None:
    assert ITIL_MATRIX.priority(1, 1) == 1
    assert ITIL_MATRIX.priority(2, 2) == 3
    assert ITIL_MATRIX.priority(3, 3) == 5
    assert ITIL_MATRIX.priority(1, 3) == ITIL_MATRIX.priority(3, 1) == 3
    with pytest.raises(ValueError, match=r"impact 4 is outside 1\.\.3"):
        ITIL_MATRIX.priority(4, 1)


def test_priority_matrix_is_configurable_and_validated() -> None:
    four_level = PriorityMatrix(((1, 2), (2, 4)))
    assert four_level.priority(2, 2) == 4
    with pytest.raises(InvariantError, match="same number"):
        PriorityMatrix(((1, 2), (3,)))
    with pytest.raises(InvariantError, match="whole number"):
        PriorityMatrix(((0,),))


@given(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3))
def test_itil_priority_is_monotone(impact: int, urgency: int, lower: int) -> None:
    # a more urgent call (smaller number) never gets a less urgent priority
    if lower <= urgency:
        assert ITIL_MATRIX.priority(impact, lower) <= ITIL_MATRIX.priority(impact, urgency)
    if lower <= impact:
        assert ITIL_MATRIX.priority(lower, urgency) <= ITIL_MATRIX.priority(impact, urgency)
