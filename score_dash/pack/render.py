"""The review meeting's PDF pack: every Review page in meeting order, A4 landscape.

`render_pack(source, selection, meta)` takes each Review page's report as
`pages.assembly.assemble` gives it to the selection's role (the one assembly that the
screen, the Excel and the command line use too) and lays it out as the page shows it
(`build_pack(frames, periods, options, ...)` does the same from frames in hand): the
page's cards as figures, its main charts drawn by the same
`score_dash.charts` builders (Altair -> vl-convert SVG, offline), its main tables cut to
their first rows (the rest is in the page's Excel download) and the notes on its figures;
then the Decisions & actions of the meetings (`score_dash.meetings.minutes`: what the last review
decided and how its actions stand at this meeting, and what this review decided); then the
definitions of the indicators shown. The Typst template `data/pack/pack.typ` sets it,
with a cover (title, half-year, meeting date, data version and date, the share link, the
demo line) and the vintage and page numbers in every footer.

The pack takes plain inputs (`PackMeta` says what the document says about itself), so a
published review, the command line and the Overview's button all call it the same way.

Deterministic: only the vendored fonts in `data/pack/fonts` are used (in the charts too),
and the PDF's date is the data's date, so the same data give the same bytes. Text from the
data (and from the meetings' records, which anyone allowed to record may have typed)
reaches the template as JSON strings and is set as text, never read as markup.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
import typst

from score_dash.access import policy
from score_dash.access.policy import Role
from score_dash.core import i18n
from score_dash.core.dictionary import DEMO_NOTE
from score_dash.core.filters import Filters, Options, ResolvedPeriods
from score_dash.core.formats import fmt_date
from score_dash.core.i18n import t
from score_dash.meetings import minutes as rec
from score_dash.pack.compose import compose_pack
from score_dash.pack.draw import DEVANAGARI_FONT, FONT, FONTS, PACK_DIR
from score_dash.pack.model import PackMeta, Section
from score_dash.pages import assembly

Frames = dict[str, pd.DataFrame]

TEMPLATE = PACK_DIR / "pack.typ"


def edition_text(role: Role, min_cell: int) -> str:
    if policy.can_see_enterprises(role):
        return t(
            "Project staff: every figure, including those from fewer than {count} "
            "enterprises. Not for circulation outside the project team."
        ).format(count=min_cell)
    return t(
        "For circulation: figures from fewer than {count} enterprises are not shown, "
        "nor any that would reveal them."
    ).format(count=min_cell)


def pack_document(sections: Sequence[Section], meta: PackMeta, role: Role, min_cell: int) -> str:
    """The JSON the template reads, in the run's language (`i18n.current()`): the pack's
    own words through `t`, the template's too (`words`); the sections' titles are the
    pages' (translated here), the rest of the sections as composed."""
    title = t(meta.title)
    cover = {
        "title": title,
        "period": meta.period_label,
        "meeting": fmt_date(meta.meeting_date) if meta.meeting_date else "",
        "vintage": meta.vintage,
        "figures": meta.figures_text,
        "link": meta.share_link,
        "demo": t(DEMO_NOTE) if meta.demo else "",
        "edition": edition_text(role, min_cell),
        "footer": f"{title} · {meta.period_label}",
        "about": t(
            "Made with the SCORE India review dashboard. Each page's tables in full, "
            "with every column, are in that page's Excel download on the dashboard."
        ),
        "lang": i18n.current(),
        "fonts": [FONT, DEVANAGARI_FONT],
        "words": {
            "dashboard": t("SCORE India review dashboard"),
            "under_review": t("Half-year under review: {period}").format(period=meta.period_label),
            "meeting": t("Review meeting: {date}").format(date=fmt_date(meta.meeting_date))
            if meta.meeting_date
            else "",
            "data": t("Data"),
            "figures": t("Figures"),
            "online": t("Online"),
            "edition": t("Edition"),
            "contents": t("Contents"),
            "page_of": t("Page {page} of {pages}"),
            "no_rows": t("No rows in this selection."),
        },
    }
    shown = [{**asdict(section), "title": t(section.title)} for section in sections]
    return json.dumps(
        {"meta": cover, "sections": shown},
        ensure_ascii=False,
        default=_json_default,
    )


def _json_default(value: object) -> Any:
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def render_pdf(document: str, data_date: date) -> bytes:
    """The PDF of a pack document: vendored fonts only, dated with the data's date."""
    timestamp = int(
        datetime(data_date.year, data_date.month, data_date.day, tzinfo=UTC).timestamp()
    )
    return typst.compile(
        str(TEMPLATE),
        root=str(PACK_DIR),
        font_paths=[str(FONTS)],
        ignore_system_fonts=True,
        sys_inputs={"pack": document},
        timestamp=timestamp,
    )


def build_pack(
    frames: Frames,
    periods: ResolvedPeriods,
    options: Options,
    *,
    meta: PackMeta,
    role: Role,
    min_cell: int,
    small_n: int,
    records: rec.Records | None = None,
    dominance_p: int = policy.DEFAULT_DOMINANCE_P,
) -> bytes:
    """The meeting's PDF pack of the whole programme for `periods.review`, as `role` may
    see it, from `frames` alone (the unfiltered frames of the version to print; `records`:
    the meetings' decisions, actions and notes, None: none): `render_pack` of their
    selection for the role."""
    settings = assembly.Settings(min_cell, dominance_p, small_n)
    source = assembly.Source(frames, settings, options=options)
    selection = assembly.select(source, Filters(period=periods.review), role, records=records)
    return render_pack(source, selection, meta)


def render_pack(source: assembly.Source, selection: assembly.Selection, meta: PackMeta) -> bytes:
    """The PDF pack of a selection of the whole programme (`assembly.select`). Overdue is
    judged at `meta.meeting_date`; statuses are those at `meta.published` for a published
    review's pack."""
    sections = compose_pack(source, selection, as_of=meta.meeting_date, at=meta.published)
    document = pack_document(sections, meta, selection.role, selection.settings.min_cell)
    return render_pdf(document, meta.data_date)
