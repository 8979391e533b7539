"""A pack of some Review pages only, for a test that reads its cover, its links or those
sections: the command, the document and the PDF are made as for the whole pack, without
drawing the other pages' charts (issue 24: a whole pack costs 10-20 s of CPU).

tests/unit/test_pack.py checks that the whole pack holds every Review page, in order."""

from __future__ import annotations

import pytest

from score_dash.pack import compose


def only_pages(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    """Packs made from now on (until `monkeypatch` undoes it) hold these Review pages alone
    (and the definitions of their indicators), by name, in meeting order."""
    pages = tuple(page for page in compose.review_pages() if page.name in names)
    assert [page.name for page in pages] == list(names)
    monkeypatch.setattr(compose, "review_pages", lambda: pages)
