"""Acme Desk survey exports: CSV with the header ``id,ticket,score,answered_at``.

Each row is one 0-10 answer about a ticket. A row that cannot become valid
:class:`~xlacore.model.Feedback` is rejected with its line and reason; nothing is dropped
silently and nothing raises for a bad row.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from attrs import field, frozen
from attrs.validators import ge, instance_of

from xlacore.connectors import Batch, IngestAccount, Location
from xlacore.connectors.files import open_text
from xlacore.errors import ConnectorError
from xlacore.model import ZERO_TO_TEN, Feedback, Subject, SubjectKind

HEADER = ["id", "ticket", "score", "answered_at"]


@frozen(kw_only=True)
class AcmeDeskOptions:
    """Rows per batch."""

    batch_size: int = field(default=5_000, validator=[instance_of(int), ge(1)])


class AcmeDeskConnector:
    """Reads Acme Desk survey CSV exports (plain, .gz or .zip)."""

    options_type = AcmeDeskOptions

    def read(self, path: Path, options: AcmeDeskOptions, account: IngestAccount) -> Iterator[Batch]:
        seen: set[str] = set()
        batch: list[Feedback] = []
        with open_text(path) as handle:
            rows = csv.reader(handle)
            try:
                header = next(rows, None)
            except csv.Error as exc:
                raise ConnectorError(f"{path}: not CSV ({exc})") from exc
            if header != HEADER:
                raise ConnectorError(f"{path}: expected the header {','.join(HEADER)}")
            while True:
                try:
                    row = next(rows)
                except StopIteration:
                    break
                except csv.Error as exc:
                    account.reject(Location(str(path), rows.line_num), f"not CSV ({exc})")
                    continue
                answer = _answer(row, Location(str(path), rows.line_num), seen, account)
                if answer is not None:
                    batch.append(answer)
                if len(batch) >= options.batch_size:
                    yield Batch(feedback=tuple(batch))
                    batch = []
        if batch:
            yield Batch(feedback=tuple(batch))


def _answer(
    row: list[str], where: Location, seen: set[str], account: IngestAccount
) -> Feedback | None:
    if not any(cell.strip() for cell in row):
        account.reject(where, "empty row")
        return None
    if len(row) != len(HEADER):
        account.reject(where, f"expected {len(HEADER)} fields, got {len(row)}")
        return None
    answer_id, ticket, score, answered_at = row
    located = Location(where.source, where.line, answer_id or None)
    if answer_id in seen:
        account.reject(located, f"duplicate id {answer_id!r}")
        return None
    try:
        answer = Feedback(
            id=answer_id,
            about=Subject(SubjectKind.CALL, ticket),
            scale=ZERO_TO_TEN,
            value=int(score),
            answered_at=datetime.fromisoformat(answered_at),
        )
    except (ValueError, TypeError) as exc:
        account.reject(located, str(exc))
        return None
    seen.add(answer_id)
    account.accept()
    return answer
