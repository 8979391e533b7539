"""Altair chart builders (`build_*_chart`), one submodule per page family.

Charts take the tables that `score_dash.metrics` computes and draw them; they compute no
figure of their own, so a chart always agrees with its table and the Excel download.
"""

from collections import defaultdict
from typing import Any

from altair.utils import schemapi

# Altair (6.0) builds the table of its ~600 schema classes by hash for every `from_dict`
# call, which every `encode` makes: it hashes each class's schema as JSON (about 6 ms a
# call, a sixth of a filter change on Modules, and every chart of the pack). The table
# depends only on the set of classes, so it is worked out once per set and shared; what
# `from_dict` returns is unchanged (tests/unit/test_common.py).
_TABLES: dict[tuple[type, ...], Any] = {}
_build_table = schemapi._FromDict.__init__


def _shared_table(self: schemapi._FromDict, wrapper_classes: Any, /) -> None:
    classes = tuple(wrapper_classes)
    if classes not in _TABLES:
        _build_table(self, classes)
        _TABLES[classes] = dict(self.class_dict)
    self.class_dict = defaultdict(list, _TABLES[classes])


schemapi._FromDict.__init__ = _shared_table  # type: ignore[method-assign]
