"""Meeting mode in AppTest: the bar, Previous/Next through review pages, share link."""

from __future__ import annotations

from score_dash.ui import meeting
from tests.app.conftest import RunApp, errors, visible


def _buttons(at) -> list[str]:
    return [b.label for b in at.button]


def _share_link(at) -> str:
    return next(c.value for c in at.code)


def test_off_by_default(run_app: RunApp) -> None:
    at = run_app()
    assert errors(at) == []
    assert not any(label.startswith(("Next:", "Previous:")) for label in _buttons(at))
    assert "meeting" not in _share_link(at)
    assert at.toggle(key="meeting").value is False


def test_url_parameter_turns_it_on_with_filters_line_and_share_link(run_app: RunApp) -> None:
    at = run_app(params={"meeting": "true", "state": "Haryana", "period": "2015-H2"})
    assert errors(at) == []
    assert at.toggle(key="meeting").value is True
    line = "Review period: 2015-H2 · Compared with: 2015-H1 · States: Haryana"
    assert any(visible(m.value) == f"**{line}**" for m in at.markdown)
    link = _share_link(at)
    assert "meeting=true" in link and "state=Haryana" in link and "period=2015-H2" in link
    pages = [spec.title for spec in meeting.review_pages()]
    assert f"Next: {pages[1]}" in _buttons(at)
    assert not any(label.startswith("Previous:") for label in _buttons(at))
    assert any("font-size" in h.proto.body for h in at.get("html"))


def test_next_steps_through_review_pages_keeping_filters(run_app: RunApp) -> None:
    at = run_app(params={"meeting": "true", "state": "Haryana"})
    pages = meeting.review_pages()
    at.button(key="meeting_next").click().run()
    assert errors(at) == []
    assert at.session_state["_current_page"].url_path == pages[1].name
    assert at.session_state["state"] == ["IN-HR"]
    assert f"Previous: {pages[0].title}" in _buttons(at)
    at.button(key="meeting_prev").click().run()
    assert errors(at) == []
    # The default page (the Overview) has an empty URL path.
    assert at.session_state["_current_page"].url_path in ("", pages[0].name)
    assert at.title[0].value.startswith("Overview")
    assert at.session_state["state"] == ["IN-HR"]


def test_exit_turns_it_off(run_app: RunApp) -> None:
    at = run_app(params={"meeting": "true"})
    at.button(key="meeting_exit").click().run()
    assert errors(at) == []
    assert at.toggle(key="meeting").value is False
    assert "meeting" not in _share_link(at)


def test_neighbours_follow_review_order() -> None:
    pages = meeting.review_pages()
    assert pages[0].name == "overview"
    before, after = meeting.neighbours(pages[0].name)
    assert before is None and after == pages[1]
    before, after = meeting.neighbours(pages[-1].name)
    assert before == pages[-2] and after is None
    assert all(spec.section == "Review" for spec in pages)


def test_on_the_projector_the_demo_label_is_one_line_and_the_tools_one_menu(
    run_app: RunApp,
) -> None:
    normal = run_app()
    assert any("Illustrative demo data" in w.value for w in normal.warning)
    assert [p.proto.popover.label for p in normal.get("popover")] == [
        "Share this view",
        "Record a decision",
    ]
    at = run_app(params={"meeting": "true"})
    assert errors(at) == []
    assert not any("Illustrative demo data" in w.value for w in at.warning)
    assert any(visible(c.value).endswith(meeting.DEMO_LINE) for c in at.caption)
    # The tools in one menu, and beside it the control that records a decision (staff).
    assert [p.proto.popover.label for p in at.get("popover")] == [
        "Share, Excel, definitions",
        "Record a decision",
    ]
    assert "meeting=true" in _share_link(at)


def test_on_the_projector_the_map_uses_the_width_and_its_controls_fold(run_app: RunApp) -> None:
    at = run_app(page="app_pages/coverage.py", params={"meeting": "true"})
    assert errors(at) == []
    assert [e.label for e in at.expander][:1] == ["Narrow the filters, map layers"]
    normal = run_app(page="app_pages/coverage.py")
    assert "Narrow the filters, map layers" not in [e.label for e in normal.expander]
