"""Opening sources the same way for every connector: plain, ``.gz`` and ``.zip`` files."""

from __future__ import annotations

import gzip
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, cast

from xlacore.errors import ConnectorError

__all__ = ["open_binary", "open_text"]


@contextmanager
def open_binary(path: Path, member: str | None = None) -> Iterator[IO[bytes]]:
    """Open a plain, gzip or zip file as bytes.

    A zip file must hold exactly one file unless ``member`` names the one to read.
    :raises ConnectorError: when the file is missing, not a valid archive, or ambiguous.
    """
    if not path.is_file():
        raise ConnectorError(f"{path}: no such file")
    name = path.name.lower()
    try:
        if name.endswith(".zip"):
            with zipfile.ZipFile(path) as archive:
                files = [i.filename for i in archive.infolist() if not i.is_dir()]
                chosen = member if member is not None else _only_member(path, files)
                if chosen not in files:
                    raise ConnectorError(
                        f"{path}: no member {chosen!r} (members: {', '.join(files)})"
                    )
                with archive.open(chosen) as handle:
                    yield handle
        elif name.endswith(".gz"):
            with gzip.open(path, "rb") as gz:
                yield cast(IO[bytes], gz)
        else:
            with path.open("rb") as handle:
                yield handle
    except (zipfile.BadZipFile, gzip.BadGzipFile, EOFError) as exc:
        raise ConnectorError(f"{path}: not a readable archive ({exc})") from exc


def _only_member(path: Path, files: list[str]) -> str:
    data = [f for f in files if not f.startswith("__MACOSX/")]
    if len(data) != 1:
        raise ConnectorError(
            f"{path}: the zip holds {len(data)} files ({', '.join(data)}); name the one to read"
        )
    return data[0]


@contextmanager
def open_text(
    path: Path, member: str | None = None, encoding: str = "utf-8-sig"
) -> Iterator[IO[str]]:
    """Open a plain, gzip or zip file as text.

    Undecodable bytes are replaced by U+FFFD rather than aborting the read, so a connector
    can reject the affected line (it holds U+FFFD) and keep the rest.
    """
    with open_binary(path, member) as raw:
        yield io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
