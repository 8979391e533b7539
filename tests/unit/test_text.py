"""Text from data or the URL is escaped for Markdown and shown as its characters."""

from __future__ import annotations

import re
import string

from hypothesis import given
from hypothesis import strategies as st

from score_dash.ui.text import DASH, WORD_JOINER, clean, escape, md, quote


def unescape(markdown: str) -> str:
    """What CommonMark shows for text in which every punctuation character is escaped (the
    word joiners that keep addresses from becoming links are invisible)."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")


def test_a_markdown_link_and_image_are_shown_as_their_characters():
    link = "[Session expired: log in](https://evil.example/sso)"
    image = "![x](https://evil.example/pixel.png)"
    expected = r"\[Session expired\: log in\]\(https\:" + WORD_JOINER + r"\/\/evil\.example\/sso\)"
    assert escape(link) == expected
    assert not re.search(r"(?<!\\)[\[\]()!]", escape(image))


def test_html_directives_icons_and_latex_are_escaped():
    for hostile in ("<script>alert(1)</script>", ":red[x]", ":material/home:", "$x^2$", "**b**"):
        escaped = escape(hostile)
        assert unescape(escaped) == hostile
        assert not re.search(r"(?<!\\)[<>:\[\]$*]", escaped), escaped


def test_invisible_and_direction_characters_are_removed_and_lines_joined():
    assert clean("abc\u202edef\u200bghi") == "abcdefghi"
    assert clean("line one\n# heading\r\n- item") == "line one # heading - item"


def test_long_values_are_shortened_and_missing_values_are_a_dash():
    assert clean("x" * 10_000, limit=50) == "x" * 49 + "…"
    assert clean(None) == DASH and clean(float("nan")) == DASH


def test_web_and_email_addresses_do_not_become_links():
    """Streamlit's Markdown links a bare address even with its punctuation escaped (seen in
    the browser): a word joiner breaks the pattern where it starts."""
    for address, broken in (
        ("https://evil.example/x", ":" + WORD_JOINER),
        ("see www.evil.example", "www" + WORD_JOINER),
        ("boss@evil.example", "@" + WORD_JOINER),
    ):
        escaped = escape(address)
        assert broken in re.sub(r"\\(.)", r"\1", escaped)
        assert unescape(escaped) == address


def test_md_escapes_the_values_not_the_template():
    assert md("**{}** · {}", "A*B", "[c](d)") == r"**A\*B** · \[c\]\(d\)"


def test_quote_makes_inert_code_even_with_backticks():
    assert quote("abc") == "`abc`"
    assert quote("a`b") == "``a`b``"
    assert quote("`x`") == "`` `x` ``"
    assert quote("y" * 100).endswith("…`") and len(quote("y" * 100)) == 62


def unescaped_punctuation(markdown: str) -> list[str]:
    """Punctuation characters that Markdown could read as syntax (not backslash-escaped)."""
    found, index = [], 0
    while index < len(markdown):
        if markdown[index] == "\\":
            index += 2  # an escape and the character it makes literal
            continue
        if markdown[index] in string.punctuation:
            found.append(markdown[index])
        index += 1
    return found


def test_the_punctuation_checker_sees_unescaped_syntax():
    assert unescaped_punctuation(r"\[a\]") == [] and unescaped_punctuation("[a]") == ["[", "]"]


@given(st.text(max_size=300))
def test_every_escaped_text_shows_exactly_its_clean_characters(text):
    escaped = escape(text, limit=None)
    assert unescape(escaped) == clean(text, limit=None)
    assert unescaped_punctuation(escaped) == []
