"""Data frames in and out: pandas, polars, pyarrow, DuckDB and Dask through narwhals.

:func:`xlacore.evaluate` and :func:`xlacore.insights_report` take frames (or model objects);
:mod:`~xlacore.frames.mapping` says which column is which, in the mapping files' language;
:meth:`xlacore.evaluation.report.Report.to_frame` gives results back as a frame. Needs the
optional extra ``pip install 'xlacore[frames]'`` (narwhals); importing this package does not.
"""

from xlacore.frames.mapping import FrameMapping, MappingLike, frame_mapping
from xlacore.frames.report import REPORT_COLUMNS, report_frame, report_rows

__all__ = [
    "FrameMapping",
    "MappingLike",
    "REPORT_COLUMNS",
    "frame_mapping",
    "report_frame",
    "report_rows",
]
