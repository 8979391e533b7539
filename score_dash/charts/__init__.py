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


# Altair copies a chart deeply whenever charts are layered or concatenated (`+`, `|`, `&`,
# `properties`), and each schema object holds every property it could have, unset ones as
# `Undefined`: 9 in 10 of the values it copies are `Undefined`, which a copy returns as it
# is. `_fast_deep_copy` is Altair's `_deep_copy` with that case taken first, without a call
# (a chart such as Results' trend made 27,000 calls to copy itself; same result:
# tests/unit/test_common.py).
_altair_deep_copy = schemapi._deep_copy
_UNDEFINED = schemapi.Undefined
_ATOMS = (str, int, float, bool, type(None))


def _fast_deep_copy(obj: Any, by_ref: set[str]) -> Any:
    if isinstance(obj, schemapi.SchemaBase):
        if copier := getattr(obj, "__deepcopy__", None):
            with schemapi.debug_mode(False):
                return copier(obj)
        args = tuple(_copied(arg, by_ref) for arg in obj._args)
        kwds = {
            key: value if key in by_ref else _copied(value, by_ref)
            for key, value in obj._kwds.items()
        }
        with schemapi.debug_mode(False):
            return obj.__class__(*args, **kwds)
    if isinstance(obj, list):
        return [_copied(value, by_ref) for value in obj]
    if isinstance(obj, dict):
        return {
            key: value if key in by_ref else _copied(value, by_ref) for key, value in obj.items()
        }
    return obj


def _copied(value: Any, by_ref: set[str]) -> Any:
    """A value inside a schema object, copied as `_deep_copy` copies it."""
    if value is _UNDEFINED or isinstance(value, _ATOMS):
        return value
    return _fast_deep_copy(value, by_ref)


schemapi._deep_copy = _fast_deep_copy
