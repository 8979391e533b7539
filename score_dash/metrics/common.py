"""Small building blocks shared by the metrics modules."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from score_dash.core.i18n import N_


def pct(part: float, whole: float, digits: int = 1) -> float:
    """part / whole as a 0-100 percentage, NaN when the whole is zero or missing."""
    if whole is None or pd.isna(whole) or whole == 0:
        return math.nan
    return round(100.0 * float(part) / float(whole), digits)


def codes(series: pd.Series, in_order: bool = False) -> tuple[np.ndarray, pd.Index]:
    """The column as integer codes (-1: missing) and the value of each code: a category's
    own codes (no pass over the rows), else the values factorized. `in_order`: codes in the
    values' order (an ordered category's own order, else sorted)."""
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype) and (dtype.ordered or not in_order):
        return np.asarray(series.cat.codes), dtype.categories
    found, values = pd.factorize(series, sort=in_order)
    return np.asarray(found), pd.Index(values)


def women_share(female: pd.Series, male: pd.Series) -> float:
    """Women's share (%) over rows where both counts are reported."""
    both = female.notna() & male.notna()
    women = float(female[both].sum())
    return pct(women, women + float(male[both].sum()))


def upto(frame: pd.DataFrame, column: str, end: pd.Timestamp) -> pd.DataFrame:
    """Rows whose date column is on or before `end` (missing dates excluded)."""
    return frame[on_or_before(frame[column], end)]


def on_or_before(dates: pd.Series, end: pd.Timestamp) -> pd.Series:
    """Whether each date is on or before `end` (a missing date is not): the rows `upto`
    keeps, for a figure that only counts them or reads one column of them (taking every
    column of the rows is most of what a count cost, and the logframe's progress counts
    each indicator at each half-year of the trend)."""
    return dates.notna() & (dates <= end)


# Small groups: a figure computed from fewer enterprises than SCORE_SMALL_N (default 5) is
# marked; the rule lives here so that every page applies the same one.
SMALL_GROUP = N_("small group")
DEFAULT_SMALL_N = 5


def is_small_group(enterprises: int, small_n: int = DEFAULT_SMALL_N) -> bool:
    return enterprises < small_n


def small_group_note(enterprises: int, small_n: int = DEFAULT_SMALL_N) -> str:
    """The note a table shows beside a figure from a small group ('' otherwise)."""
    return SMALL_GROUP if is_small_group(enterprises, small_n) else ""


def lookup(keys: pd.Series, mapping: pd.Series) -> pd.Series:
    """`keys.map(mapping)` through the mapping's index: the same values (missing where a key
    is not in the mapping), about twice as fast on millions of Arrow-backed strings.
    `mapping` has a unique index."""
    positions = mapping.index.get_indexer(keys)
    values = mapping.array.take(positions, allow_fill=True)
    return pd.Series(values, index=keys.index, name=mapping.name)


def cluster_sectors(enterprises: pd.DataFrame) -> pd.Series:
    """Cluster -> the sector of its enterprises ("(several)" where they differ): the sector
    whose row a cluster's row adds up to, in tables by sector and by cluster."""
    sectors = enterprises.groupby("cluster")["sector"].unique()
    return sectors.map(lambda values: values[0] if len(values) == 1 else "(several)")


def workforce_enterprises(rows: pd.DataFrame) -> int:
    """How many enterprises are behind workforce figures summed from `rows` (workforce
    report rows): the fewer of those giving women and men and those giving a headcount
    without them. The two parts add up to the workers, so neither may come from too few."""
    sexed = rows["female"].notna() & rows["male"].notna()
    return fewest_behind(
        rows.loc[sexed, "enterprise"].nunique(), rows.loc[~sexed, "enterprise"].nunique()
    )


def fewest_behind(*parts: int) -> int:
    """The enterprises behind a figure made of parts, from `parts` enterprises each: the
    fewest of the parts that have any (0 when none has)."""
    return min((int(n) for n in parts if n), default=0)
