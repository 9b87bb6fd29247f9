"""Columns of any data frame as numpy arrays, read through narwhals.

pandas, polars (eager or lazy), pyarrow tables, DuckDB relations and Dask frames all go
through one path: :func:`open_frame` wraps the native object, :func:`collect` reads only the
columns asked for (a lazy frame computes just those), and :func:`numpy_column` turns one
column into ``(data, present)``, the form :class:`~xlacore.scoring.columns.ObservationColumns`
holds. No Python object is built per row: text columns are dictionary-encoded (through Arrow
when pyarrow is installed), times become int64 epoch seconds (UTC) in the frame's engine.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from datetime import datetime, timedelta
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from xlacore.connectors.timestamps import gap_note, local_instants, localize, skipped
from xlacore.errors import InvalidInputError, MissingExtraError, XlaCoreWarning

__all__ = [
    "Column",
    "collect",
    "frame_names",
    "numpy_column",
    "open_frame",
    "narwhals",
]

Column = tuple[NDArray[Any], NDArray[np.bool_] | None]
"""One column: its data (a filler where missing) and where it has a value (None: everywhere)."""

_MICROS = 1_000_000
_EPOCH = datetime(1970, 1, 1)  # naive: wall times are read as if UTC


def narwhals() -> ModuleType:
    """The stable narwhals API; without it :class:`MissingExtraError` names the extra."""
    try:
        import narwhals.stable.v2 as nw
    except ImportError:
        raise MissingExtraError("reading data frames", "frames", "narwhals") from None
    return nw


def _arrow() -> ModuleType | None:
    try:
        import pyarrow.compute as pc
    except ImportError:
        return None
    module: ModuleType = pc
    return module


def open_frame(native: object, role: str) -> Any:
    """A narwhals DataFrame or LazyFrame over ``native``; a clear error when it is no frame."""
    nw = narwhals()
    try:
        with warnings.catch_warnings():
            # narwhals 2.29 announces that Dask moves to a `narwhals-dask` plugin, which is
            # not published yet; the built-in support is what there is.
            warnings.filterwarnings("ignore", "Dask support is moving", FutureWarning)
            return nw.from_native(native)
    except TypeError:
        raise InvalidInputError(
            [
                f"{type(native).__module__}.{type(native).__qualname__} is not a data frame "
                "(pandas, polars, pyarrow, DuckDB, Dask) nor a sequence of model objects"
            ],
            what=role,
        ) from None


def frame_names(frame: Any) -> tuple[str, ...]:
    """The column names of an opened frame (a lazy frame's schema, nothing computed)."""
    nw = narwhals()
    if isinstance(frame, nw.LazyFrame):
        return tuple(str(n) for n in frame.collect_schema().names())
    return tuple(str(n) for n in frame.columns)


def collect(frame: Any, names: Sequence[str]) -> Any:
    """An eager narwhals DataFrame of just ``names`` (a lazy frame computes only those)."""
    nw = narwhals()
    chosen = frame.select(*names) if names else frame.select()
    return chosen.collect() if isinstance(chosen, nw.LazyFrame) else chosen


def _present(series: Any, nw: ModuleType) -> NDArray[np.bool_] | None:
    missing = np.array(series.is_null().to_numpy(), dtype=bool)
    if series.dtype.is_float():
        missing |= np.asarray(series.is_nan().fill_null(value=True).to_numpy(), dtype=bool)
    return ~missing if missing.any() else None


def _text(series: Any) -> NDArray[Any]:
    """A text column as a fixed-width unicode array ("" where missing)."""
    pc = _arrow()
    if pc is not None:
        values = series.to_arrow()
        if hasattr(values, "combine_chunks"):  # a ChunkedArray: one array first
            values = values.combine_chunks()
        encoded = pc.dictionary_encode(values)
        words = np.asarray([*encoded.dictionary.to_pylist(), ""], dtype=str)
        codes = encoded.indices.fill_null(len(words) - 1)
        return words[np.asarray(codes.to_numpy(zero_copy_only=False), dtype=np.intp)]
    values = series.to_numpy()
    return np.asarray([v if isinstance(v, str) else "" for v in values.tolist()], dtype=str)


def _instants(wall: NDArray[np.int64], name: str, timezone: str) -> NDArray[np.int64]:
    """:func:`local_instants`, warning about the wall times the clocks skipped."""
    instants, gaps = local_instants(wall, timezone)
    if gaps.any():
        first = _EPOCH + timedelta(microseconds=int(wall[np.flatnonzero(gaps)[0]]))
        note = gap_note(int(gaps.sum()), first.isoformat(sep=" "), ZoneInfo(timezone))
        warnings.warn(f"{name}: {note}", XlaCoreWarning, stacklevel=4)
    return instants


def numpy_column(series: Any, *, timezone: str = "UTC") -> Column:
    """One narwhals column as ``(data, present)``.

    Datetimes become int64 epoch seconds (naive ones are wall times in ``timezone``); whole
    numbers stay int64, flags bool, other numbers float64 (NaN is missing) and everything else
    text. Missing entries hold a filler (0, False, ``""``) and are False in ``present``.
    """
    nw = narwhals()
    dtype = series.dtype
    present = _present(series, nw)
    if dtype == nw.Datetime:
        micros = np.asarray(series.dt.timestamp("us").fill_null(0).to_numpy(), dtype=np.int64)
        if getattr(dtype, "time_zone", None) is None and timezone.upper() != "UTC":
            kept = micros if present is None else micros[present]
            local = _instants(kept, str(series.name), timezone)
            if present is None:
                micros = local
            else:
                micros[present] = local
        return micros // _MICROS, present
    if dtype == nw.Date:
        return numpy_column(series.cast(nw.Datetime("us")), timezone=timezone)
    if dtype == nw.Boolean:
        return np.asarray(series.fill_null(value=False).to_numpy(), dtype=bool), present
    if dtype.is_integer():
        return np.asarray(series.fill_null(0).to_numpy(), dtype=np.int64), present
    if dtype.is_numeric():
        data = np.asarray(series.fill_null(0).to_numpy(), dtype=np.float64)
        if present is not None:
            data = np.where(present, data, 0.0)
        return data, present
    if dtype == nw.Object:
        return _objects(series.to_numpy(), present, timezone)
    return _text(series), present


def _objects(values: NDArray[Any], present: NDArray[np.bool_] | None, timezone: str) -> Column:
    """An untyped (object) column: flags, whole numbers, times or text, whichever all are.

    Python datetimes with differing offsets (pandas keeps them as objects) are instants;
    naive ones are wall times in ``timezone``.
    """
    kept = values if present is None else values[present]
    if len(kept) and all(isinstance(v, datetime) for v in kept.tolist()):
        zone = ZoneInfo(timezone)
        naive = [v for v in kept.tolist() if v.tzinfo is None]
        gaps = [v for v in naive if skipped(v, zone)]
        if gaps:
            note = gap_note(len(gaps), gaps[0].isoformat(sep=" "), zone)
            warnings.warn(note, XlaCoreWarning, stacklevel=4)
        seconds = [
            int((v if v.tzinfo is not None else localize(v, zone)).timestamp())
            for v in kept.tolist()
        ]
        kept = np.asarray(seconds, dtype=np.int64)
        data: NDArray[Any] = np.zeros(len(values), dtype=np.int64)
    elif all(isinstance(v, (bool, np.bool_)) for v in kept.tolist()):
        data = np.zeros(len(values), dtype=bool)
    elif all(isinstance(v, (int, np.integer)) for v in kept.tolist()):
        data = np.zeros(len(values), dtype=np.int64)
    else:
        text = ["" if v is None else str(v) for v in values.tolist()]
        return np.asarray(text, dtype=str), present
    if present is None:
        data[:] = kept
    else:
        data[present] = kept
    return data, present
