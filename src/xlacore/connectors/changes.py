"""What a change connector provides: the change records of a source, every row accounted for.

Changes (:class:`~xlacore.model.changes.Change`) come from change-management exports, not
from the sources of calls and feedback, so they have readers of their own: a
:class:`ChangeReader` reads a whole file and returns :class:`ChangesRead`, the changes with
the :class:`~xlacore.connectors.account.IngestAccount` of the records it read (read =
accepted + rejected, each rejection with its location and reason). :func:`read_changes` runs
a reader and checks what it returns, so a broken reader is an error, not changes lost in
silence. Readers are registered by name through the ``xlacore_change_connectors`` hook.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from attrs import frozen

from xlacore.connectors.account import IngestAccount
from xlacore.errors import InvalidPluginObjectError
from xlacore.model.changes import Change

__all__ = ["ChangeReader", "ChangesRead", "read_changes"]


@frozen
class ChangesRead:
    """The changes read, sorted by start and id, with the account of the records."""

    changes: tuple[Change, ...]
    account: IngestAccount


class ChangeReader(Protocol):
    """``read(path, strict=...)``: the changes of the file at ``path`` with their account.

    Malformed records are rejected in the account with their location (in strict mode the
    first rejection raises :class:`~xlacore.connectors.account.RejectedRecordError`); only
    a file that cannot be read at all raises :class:`~xlacore.errors.ConnectorError`.
    """

    def __call__(self, path: Path, *, strict: bool) -> ChangesRead: ...


def read_changes(reader: ChangeReader, path: str | Path, *, strict: bool = False) -> ChangesRead:
    """The changes ``reader`` reads from ``path``, checked: the result type and the balance.

    :raises InvalidPluginObjectError: when the reader returns something else than
        :class:`ChangesRead` or changes that are not :class:`~xlacore.model.changes.Change`,
        or an account whose records read are not its accepted plus rejected records.
    """
    read = reader(Path(path), strict=strict)
    who = getattr(reader, "__qualname__", repr(reader))
    if not isinstance(read, ChangesRead):
        raise InvalidPluginObjectError(
            f"change reader {who} returned {read!r}; return "
            "xlacore.connectors.changes.ChangesRead(changes, account)"
        )
    wrong = next((c for c in read.changes if not isinstance(c, Change)), None)
    if wrong is not None:
        raise InvalidPluginObjectError(
            f"change reader {who} returned {wrong!r} among its changes; "
            "return xlacore.model.changes.Change objects"
        )
    account = read.account
    if not account.balanced:
        raise InvalidPluginObjectError(
            f"change reader {who} read {account.records_read} records from {path} but "
            f"accepted {account.accepted} and rejected {account.rejected}; accept or reject "
            "every record it reads"
        )
    return read
