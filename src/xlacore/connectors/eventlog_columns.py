"""Event-log CSVs read straight into call columns: the mapped connector's native columns.

The mapped connector (:mod:`xlacore.connectors.mapped`) reads an event log row by row and
builds a :class:`~xlacore.model.Call` per call; :func:`event_log_columns` (its
``read_columns``) reads the same file with Arrow's CSV reader (``xlacore[arrow]``) and
derives the same call rows with numpy group operations: a call's rows in ``order``, its
lifecycle (reassignments from group changes, reopenings and resolutions from state changes,
by the rules of :mod:`xlacore.connectors.lifecycle`) and its own fields at opening or at the
end. It yields :class:`~xlacore.connectors.protocol.ColumnBatch` es whose calls equal
:func:`~xlacore.scoring.observations.call_observations` of the connector's calls, and keeps
the same account: the same rejections with the same locations and reasons, the same warnings,
in the same order.

It reads what it can prove it reads the same way, and says ``None`` otherwise (nothing read,
the account untouched), so the caller reads through the connector instead: a mapping with an
event ``type`` column, a file whose rows are not all well formed (a field count that differs,
blank rows, undecodable bytes, a line break inside a value), rows of one call that are not
contiguous, ``order`` values that are not numbers, blank ids, groups or actors, a mapping
that reads the source's own reassignment count or first-contact flag.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from xlacore.connectors.account import IngestAccount, Issue, Location
from xlacore.connectors.arrowrows import columnar_format, date_formats
from xlacore.connectors.files import open_binary
from xlacore.connectors.flags import FALSE
from xlacore.connectors.levels import level_problem, read_level
from xlacore.connectors.lifecycle import MEANINGS, earlier_note, unknown_state_note
from xlacore.connectors.mapped_shared import (
    MappedOptions,
    check_columns,
    id_missing,
    kind_problem,
    time_missing,
    unmapped_channel_note,
    zone_note,
)
from xlacore.connectors.mapping import (
    CallColumns,
    MappingFile,
    RecordedFacts,
    first_contact_resolution,
)
from xlacore.connectors.protocol import ColumnBatch
from xlacore.connectors.states import StateKind, state_kind
from xlacore.connectors.timestamps import (
    TimestampParser,
    gap_note,
    local_instants,
    numeric_pattern,
)
from xlacore.model.calls import CallKind, EventType
from xlacore.model.channels import ChannelMap
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.observations import CALL_COLUMNS, call_observations

__all__ = ["event_log_columns"]

Ints = NDArray[np.int64]
Flags = NDArray[np.bool_]

_MICROS = 1_000_000
_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_MICRO = timedelta(microseconds=1)
_NONE = np.iinfo(np.int64).max
_UTF8 = frozenset({"utf-8", "utf8", "utf-8-sig", "utf_8", "utf_8_sig"})
#: The phases a row's state may set (their order is the code), then "no meaning", "keep".
_PHASES = (StateKind.OPEN, StateKind.AWAITING, StateKind.RESOLVED, StateKind.CLOSED)
_OPEN, _AWAITING, _RESOLVED, _CLOSED, _UNKNOWN, _KEEP = range(6)
#: The events a row's own event is told apart by (the others are alike for the facts).
_OTHER, _EV_RESOLVED, _EV_CLOSED, _EV_REOPENED, _EV_REASSIGNED, _EV_ESCALATED = range(6)
_EVENT_CODES = {
    EventType.RESOLVED: _EV_RESOLVED,
    EventType.CLOSED: _EV_CLOSED,
    EventType.REOPENED: _EV_REOPENED,
    EventType.REASSIGNED: _EV_REASSIGNED,
    EventType.ESCALATED: _EV_ESCALATED,
}
_KINDS = frozenset(k.value for k in CallKind)


def _arrow() -> tuple[Any, Any, Any] | None:
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.csv as pacsv
    except ImportError:
        return None
    return pa, pc, pacsv


def _applies(path: Path, mapping: MappingFile) -> bool:
    """Whether the mapping is one this path reads: calls from the event rows of a CSV."""
    cols, source = mapping.calls, mapping.source
    if cols is None or cols.grouping != "row_per_event" or cols.events is None:
        return False
    if cols.events.type is not None or source.format != "csv":
        return False
    if cols.status is not None and "status" in cols.attributes:
        return False
    if cols.reassignments is not None or cols.first_contact is not None:
        return False  # the source's own verdicts: read per call by the connector
    tables = (mapping.values.priority, mapping.values.impact, mapping.values.urgency)
    if any(level < 1 for table in tables for level in table.values()):
        return False  # the model's own check words these
    return source.encoding.lower() in _UTF8 and columnar_format(path, "csv") is None


def _numbers(array: Any) -> Ints:
    """An Arrow array without nulls as int64 numpy (``to_numpy`` would import pandas)."""
    found = _arrow()
    assert found is not None
    pa, pc, _ = found
    whole = pc.cast(array, pa.int64())
    return np.frombuffer(whole.buffers()[1], np.int64, len(whole), whole.offset * 8)


def _texts(words: Sequence[str]) -> Any:
    """An Arrow string array of ``words`` (``pyarrow.array`` would import pandas)."""
    found = _arrow()
    assert found is not None
    pa = found[0]
    encoded = [w.encode() for w in words]
    offsets = np.cumsum([0, *(len(e) for e in encoded)], dtype=np.int32)
    data = pa.py_buffer(b"".join(encoded))
    return pa.StringArray.from_buffers(len(words), pa.py_buffer(offsets.tobytes()), data)


class _Coded:
    """A text column as codes into its distinct words; code -1 is a missing value."""

    def __init__(self, array: Any, missing: frozenset[str]) -> None:
        found = _arrow()
        assert found is not None
        pc = found[1]
        encoded = pc.dictionary_encode(array.combine_chunks())
        self.dictionary = encoded.dictionary
        codes = _numbers(encoded.indices)
        self._words: list[str] | None = None
        empty = _numbers(pc.utf8_length(self.dictionary)) == 0
        self.empty: Flags = np.append(empty, False)[codes]  # a blank field, missing or not
        gone = _numbers(pc.is_in(self.dictionary, value_set=_texts(sorted(missing)))) > 0
        if gone.any():
            codes = np.where(gone[codes], -1, codes)
        self.codes: Ints = codes

    @property
    def words(self) -> list[str]:
        """The distinct words, indexed by code."""
        if self._words is None:
            self._words = self.dictionary.to_pylist()
        return self._words

    def text(self, codes: Ints) -> NDArray[np.str_]:
        """The words of ``codes`` ("" where missing)."""
        return np.asarray([*self.words, ""], dtype=str)[codes]


def _raw_bytes(path: Path, mapping: MappingFile) -> bytes | None:
    """The file's bytes when they are UTF-8 text with plain line ends, else None.

    Each check is one scan in C (most are a ``memchr``): a carriage return that does not
    end a line, undecodable bytes, or U+FFFD (which the connector reads as undecodable).
    """
    spec = mapping.source
    with open_binary(path, spec.member) as raw:
        data = raw.read()
    if spec.encoding.lower().replace("_", "-") == "utf-8-sig":
        data = data.removeprefix(b"\xef\xbb\xbf")
    if not data.isascii():
        try:
            if "\ufffd" in data.decode("utf-8"):
                return None
        except UnicodeDecodeError:
            return None
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return None
    return data


def _header(data: bytes, mapping: MappingFile) -> tuple[str, ...]:
    line = (data[: data.find(b"\n")] if b"\n" in data else data).rstrip(b"\r")
    spec = mapping.source
    text = line.decode("utf-8")
    row = next(csv.reader([text], delimiter=spec.delimiter, quotechar=spec.quotechar))
    return tuple(h.strip() for h in row)


def _table(data: bytes, width: int, picked: Mapping[str, int], mapping: MappingFile) -> Any:
    """The picked columns as Arrow text, or None when Arrow finds a row it cannot read."""
    found = _arrow()
    assert found is not None
    pa, _, pacsv = found
    spec = mapping.source
    names = [f"c{i}" for i in range(width)]
    wanted = sorted({f"c{i}" for i in picked.values()})
    try:
        return pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, use_threads=False),
            parse_options=pacsv.ParseOptions(
                delimiter=spec.delimiter,
                quote_char=spec.quotechar,
                newlines_in_values=spec.quotechar.encode() in data,
                ignore_empty_lines=False,
            ),
            convert_options=pacsv.ConvertOptions(
                include_columns=wanted,
                column_types=dict.fromkeys(wanted, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None


def _days(year: Ints, month: Ints, day: Ints) -> Ints:
    """Days since 1970-01-01 of proleptic Gregorian dates (H. Hinnant's days_from_civil)."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    result: Ints = era * 146097 + doe - 719468
    return result


def _valid_dates(year: Ints, month: Ints, day: Ints) -> Flags:
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    lengths = np.asarray([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0], dtype=np.int64)
    longest = lengths[np.clip(month - 1, 0, 12)] + (leap & (month == 2))
    valid: Flags = (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= longest)
    return valid


class _Times:
    """The time of every distinct word of a time column, parsed as the connector parses it.

    A single numeric ``strptime`` format is matched over all words at once; the words it
    does not match (or other formats) go through :class:`TimestampParser` one by one.
    """

    def __init__(self, coded: _Coded, parser: TimestampParser, formats: Sequence[str]) -> None:
        found = _arrow()
        assert found is not None
        _, pc, _ = found
        n = len(coded.words)
        self.wall = np.zeros(n, dtype=np.int64)
        self.micros = np.zeros(n, dtype=np.int64)
        self.assumed = np.ones(n, dtype=bool)
        self.skipped = np.zeros(n, dtype=bool)
        self.errors: dict[int, str] = {}
        done = np.zeros(n, dtype=bool)
        pattern = numeric_pattern(formats[0]) if len(formats) == 1 else None
        if pattern is not None and n:
            done = self._match(coded, pc, pattern)
        naive_zone = parser.assume
        if naive_zone is UTC:
            self.micros[done] = self.wall[done]
        elif done.any():
            local, gaps = local_instants(self.wall[done], str(naive_zone))
            self.micros[done] = local
            self.skipped[done] = gaps
        for index in np.flatnonzero(~done).tolist():
            word = coded.words[index]
            try:
                at, assumed = parser.read(word)
            except ValueError as exc:
                self.errors[index] = str(exc)
                continue
            self.micros[index] = (at.astimezone(UTC) - _EPOCH_UTC) // _ONE_MICRO
            self.assumed[index] = assumed
            self.skipped[index] = word in parser.skipped_texts

    def _match(self, coded: _Coded, pc: Any, pattern: str) -> Flags:
        parts = pc.extract_regex(coded.dictionary, "^" + pattern + "$")
        valid = pc.is_valid(parts)
        matched = _numbers(valid) > 0
        kept = pc.filter(parts, valid)
        names = {parts.type.field(i).name for i in range(parts.type.num_fields)}

        def number(name: str, width: int = 0) -> Ints:
            out = np.zeros(len(matched), dtype=np.int64)
            if name in names:
                text = kept.field(name)
                out[matched] = _numbers(pc.utf8_rpad(text, width, "0") if width else text)
            return out

        year, month, day = number("Y"), number("m"), number("d")
        hour, minute, second, fraction = number("H"), number("M"), number("S"), number("f", 6)
        good = matched & _valid_dates(year, month, day)
        good &= (hour < 24) & (minute < 60) & (second < 60)
        days = _days(np.where(good, year, 1970), np.where(good, month, 1), np.where(good, day, 1))
        seconds = days * 86_400 + hour * 3600 + minute * 60 + second
        self.wall = np.where(good, seconds * _MICROS + fraction, 0)
        return good


def _seconds(micros: Ints) -> Ints:
    """Epoch seconds as ``int(moment.timestamp())`` gives them (toward zero)."""
    whole: Ints = np.where(micros < 0, -((-micros) // _MICROS), micros // _MICROS)
    return whole


def _previous(present: Flags, starts: Ints) -> Ints:
    """For each row the last earlier row of its call with ``present``, or -1."""
    index = np.where(present, np.arange(len(present)), -1)
    last = np.maximum.accumulate(index) if len(index) else index
    before = np.concatenate([[-1], last[:-1]]) if len(last) else last
    result: Ints = np.where(before >= starts, before, -1)
    return result


def _pick(codes: Ints, starts: Ints, first: bool) -> Ints:
    """Per call the code of its first (or last) row that has a value, else -1."""
    rows = np.arange(len(codes))
    if first:
        at = np.minimum.reduceat(np.where(codes >= 0, rows, _NONE), starts)
        return np.where(at < _NONE, codes[np.minimum(at, len(codes) - 1)], -1)
    at = np.maximum.reduceat(np.where(codes >= 0, rows, -1), starts)
    return np.where(at >= 0, codes[np.maximum(at, 0)], -1)


class _Issues:
    """Rejections and warnings keyed by when the connector would make them, then applied."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[tuple[tuple[int, int, int], bool, Issue]] = []

    def add(self, key: tuple[int, int, int], reject: bool, location: Location, reason: str) -> None:
        self.items.append((key, reject, Issue(location, reason)))

    def apply(self, account: IngestAccount, accepted: int) -> None:
        account.accept(accepted)
        for _, reject, issue in sorted(self.items, key=lambda item: item[0]):
            if reject:
                account.reject(issue.location, issue.reason)
            else:
                account.warn(issue.location, issue.reason)


def event_log_columns(
    path: Path, options: MappedOptions, account: IngestAccount
) -> Iterator[ColumnBatch] | None:
    """The call rows of an event-log CSV read through a mapping, in batches; or None.

    None (nothing read, ``account`` untouched) when the file or mapping is one this path does
    not read (see the module); :data:`~xlacore.connectors.mapped.MAPPED` reads it as objects
    then. Otherwise the whole account is kept before the first batch is yielded.
    """
    mapping = options.resolve()
    if _arrow() is None or not _applies(path, mapping):
        return None
    try:
        formats = date_formats(path, mapping.source.format, mapping.source.date_formats)
        parser = TimestampParser.of(formats, mapping.source.timezone)
    except ValueError:
        return None  # the connector says what is wrong with the mapping
    data = _raw_bytes(path, mapping)
    if data is None:
        return None
    quote = mapping.source.quotechar.encode()
    first_line = data[: data.find(b"\n")] if b"\n" in data else data
    if not first_line.strip() or first_line.count(quote) % 2:
        return None  # no header, or a line break inside it
    header = _header(data, mapping)
    cols = mapping.calls
    assert cols is not None
    check_columns(path, header, mapping, options.mapping or "the mapping")
    picked = {h: i for i, h in enumerate(header) if h in cols.columns}
    table = _table(data, len(header), picked, mapping)
    if table is None:
        return None
    if quote in data:  # without quotes no value holds a line break: a row is a line
        lines = data.count(b"\n") + (not data.endswith(b"\n"))
        if table.num_rows != lines - 1:
            return None
    del data  # the table holds its own copy of the values
    read = _Read(str(path), mapping, cols, table, picked, parser, formats)
    tables = read.run()
    if tables is None:
        return None
    read.issues.apply(account, read.accepted)
    return _batches(tables, mapping.chunk_size)


def _batches(table: ObservationColumns, size: int) -> Iterator[ColumnBatch]:
    for start in range(0, table.n_rows, size):
        yield ColumnBatch(calls=table.take(slice(start, start + size)))


class _Read:
    """One read of an event log: the file's columns and what follows from them."""

    def __init__(  # noqa: PLR0917
        self,
        source: str,
        mapping: MappingFile,
        cols: CallColumns,
        table: Any,
        picked: Mapping[str, int],
        parser: TimestampParser,
        formats: Sequence[str],
    ) -> None:
        found = _arrow()
        assert found is not None
        self.pc = found[1]
        self.source = source
        self.mapping = mapping
        self.cols = cols
        self.table = table
        self.picked = picked
        self.parser = parser
        self.formats = formats
        self.missing = frozenset(mapping.source.missing)
        self.n = table.num_rows
        self.issues = _Issues(source)
        self.accepted = 0
        self._coded: dict[str, _Coded] = {}

    def coded(self, name: str) -> _Coded:
        if name not in self._coded:
            column = self.table.column(f"c{self.picked[name]}")
            self._coded[name] = _Coded(column, self.missing)
        return self._coded[name]

    def blank(self, name: str | None) -> bool:
        """Whether a column has a value the model refuses (empty or only spaces)."""
        if name is None:
            return False
        coded = self.coded(name)
        plain = _numbers(self.pc.match_substring_regex(coded.dictionary, "^[0-9A-Za-z]")) > 0
        words = coded.words
        return any(
            not words[i].strip() for i in np.flatnonzero(~plain) if words[i] not in self.missing
        )

    def run(self) -> ObservationColumns | None:  # noqa: PLR0915
        cols, spec, source = self.cols, self.cols.events, self.source
        assert spec is not None
        n = self.n
        if any(self.blank(c) for c in (cols.id, cols.service, cols.caller, spec.group, spec.actor)):
            return None
        blank_rows = np.ones(n, dtype=bool)
        for name in self.picked:
            blank_rows &= self.coded(name).empty
        if blank_rows.any():
            return None  # perhaps rows of nothing but delimiters, which the connector rejects
        ids = self.coded(cols.id)
        line = np.arange(n, dtype=np.int64) + 2
        has_id = ids.codes >= 0
        for row in np.flatnonzero(~has_id).tolist():
            where = Location(source, int(line[row]))
            self.issues.add((row, 1, 0), True, where, id_missing(cols.id))
        with_id = np.flatnonzero(has_id)
        run_ids = ids.codes[with_id]
        run_start = np.ones(len(with_id), dtype=bool)
        run_start[1:] = run_ids[1:] != run_ids[:-1]
        if int(run_start.sum()) != len(np.unique(run_ids)):
            return None  # rows of a call are not contiguous
        run_of = np.cumsum(run_start) - 1
        flush_at = np.append(with_id[run_start][1:], n)  # where each run's call is built

        times = self.coded(spec.at)
        parsed = _Times(times, self.parser, self.formats)
        at_codes = times.codes[with_id]
        lacking = at_codes < 0
        failed = np.zeros(len(with_id), dtype=bool)
        if parsed.errors:
            bad = np.asarray(sorted(parsed.errors), dtype=np.int64)
            failed = ~lacking & np.isin(at_codes, bad)
        for k in np.flatnonzero(lacking | failed).tolist():
            row, code = int(with_id[k]), int(at_codes[k])
            reason = time_missing(spec.at) if code < 0 else f"{spec.at}: {parsed.errors[code]}"
            record = ids.words[int(run_ids[k])]
            self.issues.add((row, 1, 0), True, Location(source, int(line[row]), record), reason)
        good = ~lacking & ~failed
        zone = self.mapping.source.timezone
        assumed = good & parsed.assumed[np.maximum(at_codes, 0)]
        if zone == "UTC" and assumed.any():
            k = int(np.argmax(assumed))
            text = times.words[int(at_codes[k])]
            where = Location(source, key="source.timezone")
            self.issues.add((int(with_id[k]), 1, 0), False, where, zone_note(spec.at, text, zone))
        skipped = good & parsed.skipped[np.maximum(at_codes, 0)]
        if skipped.any():
            first = times.words[int(at_codes[int(np.argmax(skipped))])]
            note = gap_note(int(skipped.sum()), first, self.parser.assume)
            self.issues.add((n + 1, 0, 0), False, Location(source), note)

        rows = with_id[good]  # the rows that make calls, in file order
        runs = run_of[good]
        if not len(rows):
            return self._empty()
        order = self._order(rows)
        if order is None:
            return None
        new_call = np.ones(len(rows), dtype=bool)
        new_call[1:] = runs[1:] != runs[:-1]
        call_of = np.cumsum(new_call) - 1
        sort = np.lexsort((*order, call_of))
        rows, call_of = rows[sort], call_of[sort]
        starts = np.flatnonzero(new_call)
        flush = flush_at[runs[sort][starts]]
        life = _Lifecycle(self, rows, call_of, starts, parsed.micros[times.codes[rows]])
        return self._calls(life, rows, starts, flush, line)

    def _order(self, rows: Ints) -> tuple[Any, ...] | None:
        """The sort keys of ``rows`` within their call: ``order`` as numbers, missing last."""
        name = self.cols.events.order if self.cols.events is not None else None
        if name is None:
            return ()
        coded = self.coded(name)
        values = []
        for word in coded.words:
            try:
                value = float(word)
            except ValueError:
                value = float("nan")
            values.append(value)
        numbers = np.asarray([*values, 0.0], dtype=np.float64)[coded.codes[rows]]
        if np.isnan(numbers).any():
            return None  # text order values: the connector compares them as text
        return numbers, coded.codes[rows] < 0

    def _empty(self) -> ObservationColumns:
        return call_observations(())

    def _calls(
        self, life: _Lifecycle, rows: Ints, starts: Ints, flush: Ints, line: Ints
    ) -> ObservationColumns:
        cols, source = self.cols, self.source
        fields = _CallFields(self, rows, starts)
        ids = self.coded(cols.id)
        call_ids = ids.text(ids.codes[rows[starts]])
        first_line = line[rows[starts]]
        for index, sub, note in life.issues:
            call = int(life.call_of[index])
            where = Location(source, int(line[rows[index]]), str(call_ids[call]))
            self.issues.add((int(flush[call]), 0, 2 * index + sub), False, where, note)
        after_rows = 2 * len(rows)  # a call's own issues follow those of its rows
        canonical, notes = fields.channels()
        for call, note in notes:
            where = Location(source, int(first_line[call]), str(call_ids[call]))
            self.issues.add((int(flush[call]), 0, after_rows + 1), False, where, note)
        kinds, reasons = fields.kinds()
        levels = {name: fields.level(name, reasons) for name in ("impact", "urgency", "priority")}
        ends = np.append(starts[1:], len(rows))
        ok = np.asarray([r is None for r in reasons], dtype=bool)
        for call in np.flatnonzero(~ok).tolist():
            reason = f"call not built: {reasons[call]}"
            for index in range(int(starts[call]), int(ends[call])):
                where = Location(source, int(line[rows[index]]), str(call_ids[call]))
                self.issues.add((int(flush[call]), 0, after_rows + 2 + index), True, where, reason)
        self.accepted = int((ends - starts)[ok].sum())
        columns: dict[str, Any] = {
            "call": call_ids,
            "kind": kinds,
            "service": fields.text(cols.service),
            "channel": canonical,
            "caller": fields.text(cols.caller),
            **levels,
            "category": fields.text(cols.category),
            "component": fields.text(cols.component),
            **life.facts(starts, cols.recorded(self.mapping.values)),
            "knowledge_used": fields.knowledge(),
            "journey": fields.text(None),
        }
        columns = {name: columns[name] for name in CALL_COLUMNS}
        extra = {name: fields.text(name) for name in cols.attributes if name not in CALL_COLUMNS}
        if cols.status is not None:
            extra["status"] = fields.text(cols.status)
        for name in sorted(extra):
            if (~np.ma.getmaskarray(extra[name]) & ok).any():  # a value in a call kept
                columns[name] = extra[name]
        return ObservationColumns.from_arrays(**columns).take(np.flatnonzero(ok))


class _CallFields:
    """A call's own fields, from its first (or last) row that has each, read per word."""

    def __init__(self, read: _Read, rows: Ints, starts: Ints) -> None:
        self.read = read
        self.rows = rows
        self.starts = starts
        self.first = read.cols.call_fields == "first"
        self.n = len(starts)

    def field(self, name: str | None) -> tuple[_Coded | None, Ints]:
        """The column's words and, per call, the code of its value (-1: none)."""
        if name is None:
            return None, np.full(self.n, -1, dtype=np.int64)
        coded = self.read.coded(name)
        return coded, _pick(coded.codes[self.rows], self.starts, self.first)

    def text(self, name: str | None) -> Any:
        coded, codes = self.field(name)
        if coded is None:
            return np.ma.masked_array(np.zeros(self.n, dtype=str), mask=np.ones(self.n, bool))
        return np.ma.masked_array(coded.text(codes), mask=codes < 0)

    def channels(self) -> tuple[Any, list[tuple[int, str]]]:
        """The canonical channels, and the warning for each raw value that maps to none.

        A value is warned about at the first call that has it (rejected or not).
        """
        coded, codes = self.field(self.read.cols.channel)
        if coded is None:
            return self.text(None), []
        channels = ChannelMap.default().extended(self.read.mapping.values.channel)
        found = [channels.normalise(w) for w in coded.words]
        names = np.asarray([*("" if c is None else c.value for c in found), ""], dtype=str)
        mapped = np.asarray([*(c is not None for c in found), False], dtype=bool)[codes]
        unmapped = (codes >= 0) & ~mapped
        words, first = np.unique(codes[unmapped], return_index=True)
        calls = np.flatnonzero(unmapped)[first].tolist()
        notes = [
            (call, unmapped_channel_note(coded.words[word]))
            for word, call in zip(words.tolist(), calls, strict=True)
        ]
        return np.ma.masked_array(names[codes], mask=~mapped), notes

    def kinds(self) -> tuple[NDArray[np.str_], list[str | None]]:
        """The calls' kinds, and why a call is not built (its kind is none), per call."""
        cols = self.read.cols
        reasons: list[str | None] = [None] * self.n
        coded, codes = self.field(cols.kind)
        if coded is None:
            return np.full(self.n, cols.kind_default), reasons
        raw = [self.read.mapping.values.kind.get(w, w) for w in coded.words]
        kinds = np.asarray([*raw, cols.kind_default], dtype=str)[codes]
        for call in np.flatnonzero(~np.isin(kinds, list(_KINDS))).tolist():
            reasons[call] = kind_problem(cols.kind, coded.words[int(codes[call])])
        return kinds, reasons

    def level(self, name: str, reasons: list[str | None]) -> Any:
        """A level column; a call without a reason yet gets this column's, when it has one."""
        column = getattr(self.read.cols, name)
        coded, codes = self.field(column)
        if coded is None:
            return np.ma.masked_array(np.zeros(self.n, np.int64), mask=np.ones(self.n, bool))
        table: Mapping[str, int] = getattr(self.read.mapping.values, name)
        read = [read_level(w, name, table) for w in coded.words]
        numbers = np.asarray([*(r or 0 for r in read), 0], dtype=np.int64)
        known = (codes >= 0) & (numbers[codes] > 0)
        for call in np.flatnonzero((codes >= 0) & ~known).tolist():
            if reasons[call] is None:
                word = coded.words[int(codes[call])]
                reasons[call] = level_problem(column, word, name, table)
        return np.ma.masked_array(numbers[codes], mask=~known)

    def knowledge(self) -> Flags:
        coded, codes = self.field(self.read.cols.knowledge)
        if coded is None:
            return np.zeros(self.n, dtype=bool)
        used = [w.casefold() not in FALSE for w in coded.words]
        flags: Flags = np.asarray([*used, False], dtype=bool)[codes]
        return flags


class _Lifecycle:
    """The events of every call's rows (in order) as flags per row, by the lifecycle's rules."""

    def __init__(self, read: _Read, rows: Ints, call_of: Ints, starts: Ints, at: Ints) -> None:
        spec = read.cols.events
        assert spec is not None
        self.read = read
        self.n = n = len(rows)
        self.call_of = call_of
        self.call_start = starts[call_of]
        self.first = np.zeros(n, dtype=bool)
        self.first[starts] = True
        self.opened = at[starts]
        self.at = self._latest(at, call_of)
        #: Warnings by row (position in processing order, then 0 for time, 1 for state).
        self.issues: list[tuple[int, int, str]] = []
        earlier = ~self.first & (at < np.concatenate([[0], self.at[:-1]]))
        times = read.coded(spec.at)
        for index in np.flatnonzero(earlier).tolist():
            moment = read.parser.read(times.words[int(times.codes[rows[index]])])[0]
            self.issues.append((index, 0, earlier_note(spec.at, moment)))
        own, reopened = self._own_events(_coded_rows(read, spec.status, rows), spec.status)
        groups = _coded_rows(read, spec.group, rows)
        has_group = groups >= 0
        before = _value_before(groups, has_group, self.call_start)
        moved = ~self.first & has_group & (groups != before) & (before >= 0)
        self.reopens = reopened | (own == _EV_REOPENED)
        self.moves = moved.astype(np.int64) + (own == _EV_REASSIGNED)
        self.group_moves = moved
        self.escalations = own == _EV_ESCALATED
        self.resolving = (own == _EV_RESOLVED) | (own == _EV_CLOSED)

    def _own_events(self, states: Ints, column: str | None) -> tuple[Ints, Flags]:
        """Each row's own event (as far as the facts tell them apart) and its reopening.

        A row's state is read where the lifecycle reads it (the first row's, and a changed
        one), and a state without a meaning is warned about there, once per read.
        """
        first, n = self.first, self.n
        target, mapped, warned = _state_tables(self.read, column)
        has_state = states >= 0
        changed = ~first & has_state & (states != _value_before(states, has_state, self.call_start))
        unknown = ((first & has_state) | changed) & warned[states]
        words, seen = np.unique(states[unknown], return_index=True)
        for word, index in zip(words.tolist(), np.flatnonzero(unknown)[seen].tolist(), strict=True):
            self.issues.append(
                (index, 1, unknown_state_note(self.read.coded(column or "").words[word]))
            )
        goal, own_mapped = target[states], mapped[states]
        sets = np.full(n, -1, dtype=np.int64)  # the phase a row moves the call to
        opening = first & has_state & (goal != _UNKNOWN)
        sets[opening] = np.where(goal[opening] == _KEEP, _OPEN, goal[opening])
        moving = changed & (goal <= _CLOSED)
        sets[moving] = goal[moving]
        setter = _previous(sets >= 0, self.call_start)
        phase = np.where(setter >= 0, sets[np.maximum(setter, 0)], _OPEN)  # before the row
        by_state = np.select([goal == _RESOLVED, goal == _CLOSED], [_EV_RESOLVED, _EV_CLOSED])
        own = np.full(n, _OTHER, dtype=np.int64)
        settled = opening & ((goal == _AWAITING) | (goal == _RESOLVED) | (goal == _CLOSED))
        own[settled] = np.where(own_mapped[settled] >= 0, own_mapped[settled], by_state[settled])
        known = changed & (goal != _UNKNOWN)
        own[known] = np.where(own_mapped[known] >= 0, own_mapped[known], by_state[known])
        closing = (phase == _RESOLVED) | (phase == _CLOSED)
        active = (goal == _OPEN) | (goal == _AWAITING)
        return own, changed & closing & active & (own != _EV_REOPENED)

    @staticmethod
    def _latest(at: Ints, call_of: Ints) -> Ints:
        """Each row's time, or the latest earlier one of its call when that is later."""
        distinct, rank = np.unique(at, return_inverse=True)
        width = len(distinct)
        key = call_of * width + rank
        latest = np.maximum.accumulate(key) - call_of * width
        result: Ints = distinct[latest]
        return result

    def facts(self, starts: Ints, recorded: RecordedFacts) -> dict[str, Any]:
        """The derived facts of each call (the columns of ``call_observations``)."""
        n = self.n
        index = np.arange(n)
        ends = np.append(starts[1:], n)
        last_reopen = np.maximum.reduceat(np.where(self.reopens, index, -1), starts)
        current = self.resolving & (index >= last_reopen[self.call_of])
        resolved_row = np.minimum.reduceat(np.where(current, index, _NONE), starts)
        resolved = resolved_row < _NONE
        at_resolved = self.at[np.minimum(resolved_row, n - 1)]
        first_resolution = np.minimum.reduceat(np.where(self.resolving, index, _NONE), starts)
        upto = np.minimum(first_resolution, n - 1)
        moves_sum = np.concatenate([[0], np.cumsum(self.moves)])
        before = moves_sum[upto] - moves_sum[starts] + self.group_moves[upto]
        moves = np.add.reduceat(self.moves, starts)
        reopens = np.add.reduceat(self.reopens.astype(np.int64), starts)
        escalations = np.add.reduceat(self.escalations.astype(np.int64), starts)
        opened = _seconds(self.opened)
        resolved_at = _seconds(at_resolved)
        seconds = (at_resolved - self.opened) // _MICROS
        facts: dict[str, Any] = {
            "opened_at": opened,
            "resolved_at": np.ma.masked_array(resolved_at, mask=~resolved),
            "updated_at": _seconds(self.at[ends - 1]),
            "resolution_seconds": np.ma.masked_array(seconds, mask=~resolved),
            "resolved": resolved,
            "reassignment_count": moves,
            "reopen_count": reopens,
            "escalation_count": escalations,
            "reopened": reopens > 0,
            "reassigned": moves > 0,
            "escalated": escalations > 0,
            "first_contact_resolution": first_contact_resolution(
                resolved, moves, reopens, escalations, escalations_recorded=recorded.escalations
            ),
            "first_assignment_resolution": resolved & (before == 0),
        }
        for name, unknown in recorded.unrecorded().items():
            if unknown:
                facts[name] = np.ma.masked_array(facts[name], mask=np.ones(len(starts), bool))
        return facts


def _coded_rows(read: _Read, name: str | None, rows: Ints) -> Ints:
    if name is None:
        return np.full(len(rows), -1, dtype=np.int64)
    return read.coded(name).codes[rows]


def _value_before(codes: Ints, present: Flags, call_start: Ints) -> Ints:
    """The code of the last earlier row of the call with a value (-1: none)."""
    before = _previous(present, call_start)
    return np.where(before >= 0, codes[np.maximum(before, 0)], -1)


def _state_tables(read: _Read, name: str | None) -> tuple[Ints, Ints, Flags]:
    """Per state word: the phase it moves to, its mapped event, whether it is warned about.

    Indexed by code; the last entry (code -1, no state) is never used for a move.
    """
    words = [] if name is None else read.coded(name).words
    statuses = read.mapping.values.status
    target, mapped, warned = [], [], []
    for word in words:
        raw = statuses.get(word)
        if raw is not None:
            event = EventType(raw)
            meaning = MEANINGS.get(event)
            target.append(_KEEP if meaning is None else _PHASES.index(meaning))
            mapped.append(_EVENT_CODES.get(event, _OTHER))
            warned.append(False)
            continue
        kind = state_kind(word)
        target.append(_UNKNOWN if kind is StateKind.UNKNOWN else _PHASES.index(kind))
        mapped.append(-1)
        warned.append(kind is StateKind.UNKNOWN)
    return (
        np.asarray([*target, _UNKNOWN], dtype=np.int64),
        np.asarray([*mapped, -1], dtype=np.int64),
        np.asarray([*warned, False], dtype=bool),
    )
