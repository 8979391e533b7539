"""The one way text from data or the URL reaches the screen: escaped, inert, shortened.

Streamlit renders Markdown (links, images, raw HTML as text, `:color[...]` directives,
`:material/...:` icons, `$LaTeX$`) in `st.markdown`, `st.caption`, notices, metric labels,
help texts and most widget labels. A name from an upload or a value from a shared link must
never be read as any of that: `escape` backslash-escapes every ASCII punctuation character
(CommonMark lets any of them be escaped, and an escaped character is always literal), so
`[x](https://...)` shows as those characters and is no link. Bidirectional overrides and
zero-width characters are removed (they make text read differently from what it is), line
breaks become spaces (no heading or list can start), and long values are shortened.

Pages compose text with `md(template, *values)`: the template is the app's own Markdown,
the values are escaped. Notices quote a rejected value with `quote`, as inert code text.
Nothing here imports Streamlit: it only prepares strings.
"""

from __future__ import annotations

import re
import string

from score_dash.core.formats import DASH as DASH  # re-exported: the screen's dash
from score_dash.core.formats import TEXT_LIMIT, clean

NOTICE_LIMIT = 60  # characters of a rejected value quoted in a notice

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
WORD_JOINER = "\u2060"
_SCHEME = re.compile(r"(:)(//)")
_WWW = re.compile(r"(www)\.", re.IGNORECASE)
# Characters a link keeps as they are when percent-encoded for a Markdown link target.
URL_SAFE = ":/?&=%#+-._~"


def escape(value: object, limit: int | None = TEXT_LIMIT) -> str:
    """`value` as Markdown that shows exactly its characters (see the module docstring)."""
    return _PUNCTUATION.sub(r"\\\1", unlinked(clean(value, limit)))


def unlinked(text: str) -> str:
    """Text in which no web address or e-mail address becomes a link.

    Streamlit's Markdown turns a bare `https://...`, `www....` or `name@host.org` into a
    link even when its punctuation is escaped (the link is found after escapes are read),
    so a word joiner (invisible, no line break) goes where the pattern starts.
    """
    text = _SCHEME.sub(lambda m: m.group(1) + WORD_JOINER + m.group(2), text)
    text = _WWW.sub(lambda m: m.group(1) + WORD_JOINER + ".", text)
    return text.replace("@", "@" + WORD_JOINER)


def md(template: str, *values: object, limit: int | None = TEXT_LIMIT) -> str:
    """The app's own Markdown `template` with `{}` fields filled by escaped values."""
    return template.format(*(escape(value, limit) for value in values))


def quote(value: object, limit: int = NOTICE_LIMIT) -> str:
    """A rejected value as inline code: shortened, one line, never interpreted.

    Inside a code span Markdown is not parsed; the fence is one backtick longer than the
    longest run of backticks in the value, so the value cannot close it.
    """
    text = clean(value, limit)
    runs = [len(run) for run in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
