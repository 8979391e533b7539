"""The language of a run, and the one translation function, `t` (gettext's `_`).

English is the source text and the fallback: `t("Headline figures")` gives the Hindi of the
catalog `score_dash/locale/hi/LC_MESSAGES/score_dash.po` while the run is in Hindi, and the
English itself for any text the catalog lacks. The catalogs are compiled here, in memory,
when first read (Babel), so there is no build step to forget and translators edit only the
`.po` file. `make messages` extracts the marked strings (`t(...)` and `N_(...)`) and updates
the catalog (README, "Languages").

The language is set once at the start of each script run (`use`); Streamlit runs a script in
one thread and each thread starts with the default, so a download built on its own thread,
the command line and the pack are in English until they are given a language of their own.
Data values (names of enterprises, clusters, partners) are never passed through `t`.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import ParamSpec, TypeVar

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "score_dash"
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DEFAULT = "en"
# The URL value (`?lang=hi`) -> the language's name in its own script, as the sidebar shows it.
LANGUAGES: dict[str, str] = {"en": "English", "hi": "हिन्दी"}

_LANGUAGE: ContextVar[str] = ContextVar("language", default=DEFAULT)
P = ParamSpec("P")
R = TypeVar("R")


def catalog_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalog of `language` (English, or a language without one: none)."""
    path = catalog_path(language)
    if language == DEFAULT or not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out, as msgfmt does
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def use(language: str) -> str:
    """Make `language` the language of this run (an unknown one gives English); returns it."""
    chosen = language if language in LANGUAGES else DEFAULT
    _LANGUAGE.set(chosen)
    return chosen


def current() -> str:
    return _LANGUAGE.get()


STEP = " → "  # between two stages, in every language: "Visit 1 → Visit 2"


def word(text: str) -> str:
    """One of the app's words in the run's language: the catalog's text, and for a step
    between two stages ("Visit 1 → Visit 2", `STEP`) each stage's; anything else (a name, a
    number) as it is."""
    if _LANGUAGE.get() == DEFAULT or not text:
        return text
    catalog = translations(_LANGUAGE.get())
    if STEP in text:
        return STEP.join(catalog.gettext(part) for part in text.split(STEP))
    return catalog.gettext(text)


def words(values: Iterable[object]) -> list[object]:
    """Table cells in the run's language: each of the app's words (a stage, a status, a
    note such as "small group": `word`) translated, everything else (numbers, names from
    the data) as it is. The frames, the Excel and the code keep the English."""
    if _LANGUAGE.get() == DEFAULT:
        return list(values)
    return [word(value) if isinstance(value, str) else value for value in values]


def in_language(language: str, build: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """`build(*args, **kwargs)` in `language`, the thread's own language kept: a download
    built on its own thread is written in the language of the page that offered it."""
    token = _LANGUAGE.set(language if language in LANGUAGES else DEFAULT)
    try:
        return build(*args, **kwargs)
    finally:
        _LANGUAGE.reset(token)


def t(text: str) -> str:
    """`text` in the run's language (itself where the catalog has no translation)."""
    language = _LANGUAGE.get()
    if language == DEFAULT:
        return text
    return translations(language).gettext(text)


_ = t


def N_(text: str) -> str:
    """Marks a text for the catalog where it is declared; `t` translates it where shown."""
    return text
