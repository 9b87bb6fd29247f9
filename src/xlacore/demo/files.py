"""The demo data as JSON Lines, in the envelope of the ``jsonl`` connector.

One ``{"call": ...}`` or ``{"feedback": ...}`` object per line, the payload being
:func:`xlacore.serialization.to_dict` of the record; ``xlacore evaluate --calls
jsonl:calls.jsonl --feedback jsonl:feedback.jsonl`` reads it back.
"""

from __future__ import annotations

from pathlib import Path

from xlacore.demo.data import DemoData
from xlacore.serialization import json_dumps, to_dict

__all__ = ["write_jsonl"]


def write_jsonl(data: DemoData, directory: str | Path) -> tuple[Path, Path]:
    """Write ``calls.jsonl`` and ``feedback.jsonl`` into ``directory``; return their paths."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    calls, feedback = folder / "calls.jsonl", folder / "feedback.jsonl"
    calls.write_text("".join(json_dumps({"call": to_dict(c)}) + "\n" for c in data.calls), "utf-8")
    feedback.write_text(
        "".join(json_dumps({"feedback": to_dict(f)}) + "\n" for f in data.feedback), "utf-8"
    )
    return calls, feedback
