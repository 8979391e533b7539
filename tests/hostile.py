"""A hostile corpus: names and URL values that try to speak in the dashboard's voice.

Each value tries something a shared link or an upload must not be able to do: a Markdown
link or image, raw HTML and script, a `javascript:` URL, Streamlit's own Markdown directives,
a spreadsheet formula, right-to-left override and zero-width characters, and a value far too
long. `hostile_frames` puts them into every name field of a dataset (keeping codes and
references valid), so an import brings them into every page.
"""

from __future__ import annotations

import pandas as pd

EVIL = "evil.example"
HOSTILE: tuple[str, ...] = (
    f"[Session expired: log in](https://{EVIL}/sso)",
    f"![x](https://{EVIL}/pixel.png)",
    f"<img src=https://{EVIL}/i.png onerror=alert(1)>",
    "<script>alert('x')</script>",
    "javascript:alert(1)",
    "[click](javascript:alert(1))",
    f'=HYPERLINK("https://{EVIL}","open")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd",
    "@SUM(A1:A9)",
    "\u202eexe.gnp",
    "zero\u200bwidth\u200dname",
    ":red[ALARM] :material/warning: $x^2$",
    f"<a href='https://{EVIL}'>a</a>",
    f"https://{EVIL}/bare",
    f"www.{EVIL}",
    "**bold** _it_ `code` # heading",
)
LONG = "W" * 10_000
# What an import takes (a name reversed by a direction control is refused, with its place).
IMPORTABLE: tuple[str, ...] = tuple(v for v in HOSTILE if "\u202e" not in v)


def hostile(index: int, width: int = 80) -> str:
    """The index-th hostile value, made unique by a number, at most `width` characters."""
    value = IMPORTABLE[index % len(IMPORTABLE)]
    suffix = f" {index}"
    return value[: width - len(suffix)] + suffix


# table -> (column, width in the database): the free-text names of each table.
NAME_FIELDS: dict[str, tuple[tuple[str, int], ...]] = {
    "states": (("name", 80),),
    "modules": (("name", 80),),
    "clusters": (("city", 80), ("district", 80)),
    "partners": (("name", 120),),
    "enterprises": (("name", 120),),
    "kpi_definitions": (("name", 80), ("unit", 40)),
    "activities": (("title", 200),),
    "indicators": (("name", 160), ("unit", 40)),
}


def hostile_frames(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """A copy of `frames` with a hostile value in every name field and in cluster names
    (cluster names are codes: every reference to one is renamed with it)."""
    out = {name: frame.copy() for name, frame in frames.items()}
    counter = 0
    for table, fields in NAME_FIELDS.items():
        for column, width in fields:
            values = []
            for _ in range(len(out[table])):
                values.append(hostile(counter, width))
                counter += 1
            out[table][column] = values
    renamed = {old: hostile(counter + i, 80) for i, old in enumerate(out["clusters"]["cluster"])}
    out["clusters"]["cluster"] = out["clusters"]["cluster"].map(renamed)
    out["enterprises"]["cluster"] = out["enterprises"]["cluster"].map(renamed)
    return out
