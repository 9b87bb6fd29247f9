"""Services as users name them, and the catalogue that maps technical components onto them.

Users call "Email" or "Laptop" a service; an ITSM tool records configuration items,
categories and assignment groups. The :class:`ServiceCatalog` bridges the two, both ways.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
from attrs import field, frozen

from xlacore.errors import InvariantError
from xlacore.model.validators import non_empty, str_tuple

__all__ = ["ComponentKind", "Component", "Service", "ServiceCatalog"]


class ComponentKind(enum.StrEnum):
    """The kinds of technical component an ITSM tool records on a call."""

    CI = "ci"
    CATEGORY = "category"
    SUBCATEGORY = "subcategory"
    ASSIGNMENT_GROUP = "assignment_group"
    PRODUCT = "product"


@frozen
class Service:
    """A service as its users recognise it ("Email", "Payroll")."""

    id: str = field(validator=non_empty)
    name: str = field(validator=non_empty)
    description: str = ""
    tags: tuple[str, ...] = field(default=(), converter=str_tuple)


@frozen
class Component:
    """One technical component (a CI, a category, an assignment group) and the service it serves."""

    kind: ComponentKind = field(converter=ComponentKind)
    key: str = field(validator=non_empty)
    service: str = field(validator=non_empty)


def _check_catalog(instance: Any, _: attrs.Attribute[Any], value: Any) -> None:
    seen: dict[str, int] = {}
    for index, service in enumerate(instance.services):
        if service.id in seen:
            raise InvariantError(
                "services",
                f"duplicate service id {service.id!r} (first at [{seen[service.id]}])",
                f"[{index}].id",
            )
        seen[service.id] = index
    claimed: dict[tuple[ComponentKind, str], int] = {}
    for index, component in enumerate(instance.components):
        if component.service not in seen:
            raise InvariantError(
                "components",
                f"unknown service {component.service!r}; add it to services first",
                f"[{index}].service",
            )
        key = (component.kind, component.key)
        if key in claimed:
            raise InvariantError(
                "components",
                f"{component.kind.value} {component.key!r} is already mapped at [{claimed[key]}];"
                " a component serves exactly one service",
                f"[{index}].key",
            )
        claimed[key] = index


def _services(value: Iterable[Service]) -> tuple[Service, ...]:
    return tuple(value)


def _components(value: Iterable[Component]) -> tuple[Component, ...]:
    return tuple(value)


@frozen
class ServiceCatalog:
    """Services and the components that map onto them, queryable both ways.

    Every component maps to exactly one known service; service ids are unique.
    """

    services: tuple[Service, ...] = field(default=(), converter=_services, validator=_check_catalog)
    components: tuple[Component, ...] = field(default=(), converter=_components)
    _by_id: Mapping[str, Service] = field(init=False, eq=False, repr=False, hash=False)
    _by_component: Mapping[tuple[ComponentKind, str], str] = field(
        init=False, eq=False, repr=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {s.id: s for s in self.services})
        object.__setattr__(
            self, "_by_component", {(c.kind, c.key): c.service for c in self.components}
        )

    def service(self, service_id: str) -> Service:
        """The service with this id; :class:`KeyError` naming the known ids if there is none."""
        try:
            return self._by_id[service_id]
        except KeyError:
            known = ", ".join(sorted(self._by_id)) or "none"
            raise KeyError(f"no service {service_id!r} in the catalogue (known: {known})") from None

    def resolve(self, kind: ComponentKind | str, key: str) -> Service | None:
        """The service a component serves, or ``None`` when the component is not mapped."""
        service_id = self._by_component.get((ComponentKind(kind), key))
        return None if service_id is None else self._by_id[service_id]

    def components_of(self, service_id: str) -> tuple[Component, ...]:
        """The components mapped onto a service, in catalogue order."""
        self.service(service_id)
        return tuple(c for c in self.components if c.service == service_id)
