"""OpenSLO v1: agreements in, objectives out (requires ``xlacore[openslo]``).

:func:`load_openslo` reads OpenSLO ``SLO``, ``SLI`` and ``Service`` documents into xlacore
agreement documents; :func:`export_openslo` writes objectives as OpenSLO ratio SLOs. Neither
drops anything silently: what has no counterpart on the other side is listed as
:class:`Unmapped`, with the reason. The mapping is described in ``docs/openslo.md``.
"""

from __future__ import annotations

from xlacore.openslo.exporting import OpenSloExport, export_openslo
from xlacore.openslo.importing import OpenSloImport, load_openslo, parse_openslo
from xlacore.openslo.mapping import Unmapped

__all__ = [
    "Unmapped",
    "OpenSloImport",
    "parse_openslo",
    "load_openslo",
    "OpenSloExport",
    "export_openslo",
]
