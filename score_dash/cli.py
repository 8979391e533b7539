"""Command line: `python -m score_dash COMMAND`.

    init-db [--demo] [--scale N] [--seed N] [--url URL] [--force]
    db upgrade [--url URL] | db current [--url URL]
    summary [--url URL]
    disclosure [--period P] [--url URL]
    export --page NAME --out FILE.xlsx [--period P] [--state S ...] [--cluster C ...] ...
    export --all --out FILE.xlsx
    pack --out FILE.pdf [--period P] [--meeting-date YYYY-MM-DD] [--role viewer|staff]
    pack --out FILE.pdf --review P [--role viewer|staff]
    (export --page and pack take --lang en|hi: the workbook's or the pack's language)
    template --out FILE.xlsx
    review publish --period P --meeting-date YYYY-MM-DD | review list
    import FILE [--dry-run] [--accept-warnings] [--user NAME]
    backup --out FILE [--logical] [--url URL] | restore FILE --url URL
    actions add --review P --text T [--kind decision|action] [--owner O] [--due YYYY-MM-DD]
        [--release]
    actions list [--review P] [--open] [--role viewer|staff]
    actions set ID --status S [--expected-status S0] (S0: refused if it changed meanwhile)
    actions release ID [--withdraw] | actions import FILE.xlsx
    notes add --indicator CODE --period P --text T [--state S] [--cluster C] [--release]
    notes list [--role viewer|staff] | notes release ID [--withdraw]

Decisions, actions and notes reach viewers only once released (`records.release`; the
command line is staff's). Writing or releasing a text in which a word of an enterprise's
name or its code appears prints a warning.

Exit codes: 0 success, 1 the data or the file was refused, 2 wrong usage or configuration.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from score_dash import ingest
from score_dash.access import disclosure, policy
from score_dash.access import versions as viewer_versions
from score_dash.access.policy import Role
from score_dash.config import ConfigError, get_config
from score_dash.core import i18n
from score_dash.core.dictionary import INDICATORS_BY_CODE
from score_dash.core.filters import (
    Filters,
    build_options,
    parse_params,
    resolve_periods,
    to_query_string,
)
from score_dash.core.formats import fmt_count, fmt_date, fmt_moment, fmt_number, fmt_stamp
from score_dash.ingest import records as record_sheets
from score_dash.meetings import actions, minutes, reviews
from score_dash.metrics import overview
from score_dash.pack import model, render
from score_dash.pages import assembly
from score_dash.pages.registry import (
    PAGES,
    PAGES_BY_NAME,
)
from score_dash.store import backup, db, disk_cache, loading, schema, versions

FILTER_OPTIONS = (
    ("period", "period"),
    ("compare", "compare"),
    ("state", "state"),
    ("cluster", "cluster"),
    ("sector", "sector"),
    ("module", "module"),
    ("partner", "partner"),
    ("size", "size"),
)


class CliError(Exception):
    """A refusal with a message for the user and an exit code."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def _engine(url: str | None, *, check: bool = True) -> Engine:
    """The database's engine; unless `check` is off, refused (`schema.SchemaOutOfDate`) when
    its schema is behind the code's."""
    engine = db.make_engine(url or get_config().db_url)
    if check:
        schema.check_current(engine)
    return engine


def cmd_init_db(args: argparse.Namespace) -> int:
    engine = _engine(args.url, check=False)
    if not db.is_empty(engine):
        if not args.force:
            raise CliError(
                "The database already holds data; use --force to replace it "
                "(everything in it is deleted)."
            )
        db.drop_schema(engine)
    db.create_schema(engine)
    if args.demo:
        added = db.load_demo(
            engine, seed=args.seed, scale=args.scale, convention=get_config().period_convention
        )
        print(
            f"Demo data loaded (seed {args.seed or 'default'}, scale {args.scale}): "
            f"{fmt_count(sum(added.values()))} rows in {len(added)} tables."
        )
        _write_snapshot(engine, args.url)
    else:
        print("Empty schema created.")
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    """`db upgrade` brings the schema to the code's revision; `db current` says where it is."""
    engine = _engine(args.url, check=False)
    if args.db_command == "upgrade":
        print(schema.describe_upgrade(*schema.upgrade(engine)))
    else:
        print(schema.status(engine).describe())
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    engine = _engine(args.url)
    if db.is_empty(engine):
        print("The database is empty (run: python -m score_dash init-db --demo).")
        return 0
    counts = db.row_counts(engine)
    meta = db.get_meta(engine)
    print(f"Database: {engine.url.render_as_string(hide_password=True)}")
    print(
        f"Dataset: {meta.get('dataset', 'imported')}  (data version "
        f"{meta.get('data_version', '0')}, updated {fmt_stamp(meta.get('data_updated_at', '?'))})"
    )
    width = max(len(n) for n in counts)
    for name, count in counts.items():
        print(f"  {name:<{width}}  {fmt_count(count):>9}")
    frames = loading.load_frames(engine)
    options = build_options(frames, get_config().period_convention)
    periods = resolve_periods(Filters(), options, frames["periods"])
    figures = overview.compute_headline(frames, periods.review, periods.end)
    print(f"Headline figures, {periods.labels[periods.review]}:")
    for code in overview.HEADLINE_CODES:
        indicator = INDICATORS_BY_CODE[code]
        value = figures[code]
        shown = (
            "n/a"
            if value != value
            else fmt_number(value if indicator.unit == "%" else round(value), indicator.unit)
        )
        print(f"  {indicator.name}: {shown}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    engine = _engine(args.url)
    frames = loading.load_frames(engine)
    out = Path(args.out)
    if args.all:
        if not policy.can_see_enterprises(Role(args.role)):
            raise CliError("The export of all data is for project staff only.", code=1)
        demo = db.get_meta(engine).get("dataset") == "demo"
        out.write_bytes(ingest.export_all(frames, demo=demo, records=minutes.load(engine)))
        print(f"Wrote the whole database to {out}")
        return 0
    if not args.page:
        raise CliError("export needs --page NAME or --all", code=2)
    data = build_page_export(
        _source(engine),
        args.page,
        _filter_params(args),
        _choices(args.choice),
        Role(args.role),
        recorded=minutes.load(engine),
    )
    out.write_bytes(data)
    print(f"Wrote {args.page} to {out}")
    return 0


def _source(engine: Engine) -> assembly.Source:
    """The database's data as the assembly reads them, for one command."""
    return assembly.Source(loading.load_frames(engine), get_config().assembly, engine)


def build_page_export(
    source: assembly.Source,
    page: str,
    params: dict[str, list[str]],
    choices: dict[str, str],
    role: Role = Role.STAFF,
    recorded: minutes.Records | None = None,
) -> bytes:
    """The same workbook as the page's Download Excel, from the command line, as `role`
    may see it (the local command line is staff's by default; `--role viewer` writes what
    the advisory group gets): the report `assembly.assemble` gives the page for the view
    (for a viewer, of their edition of the current data; the About sheet then names its
    version and says why). `recorded`: the meetings' decisions, actions and notes."""
    config = get_config()
    options = source.options(source.current)
    filters, notices = parse_params(params, options)
    if notices:
        raise CliError("Invalid filter: " + "; ".join(map(str, notices)), code=2)
    selection = assembly.select(source, filters, role, records=recorded)
    if selection.notices:
        raise CliError("Not for viewers: " + "; ".join(map(str, selection.notices)), code=1)
    try:
        assembled = assembly.assemble(source, PAGES_BY_NAME[page], selection, choices)
    except assembly.Refused as exc:
        raise CliError(str(exc), code=1) from None
    except ValueError as exc:
        raise CliError(str(exc), code=2) from None
    except versions.VersionUnavailable:
        raise CliError(
            "The data of the latest published review cannot be rebuilt, so what changed "
            "since it cannot be shown.",
            code=1,
        ) from None
    query = to_query_string(filters, options, {k: [v] for k, v in choices.items()})
    # Pages are served at /<page name>; the Overview is the default page, at the root.
    base = (config.base_url or "http://127.0.0.1:8501") + "/" + ("" if page == "overview" else page)
    return assembly.workbook(assembled.report, selection, f"{base}?{query}" if query else base)


def _filter_params(args: argparse.Namespace) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for option, param in FILTER_OPTIONS:
        values = getattr(args, option, None)
        if values:
            params[param] = values if isinstance(values, list) else [values]
    if getattr(args, "women_owned", False):
        params["women_owned"] = ["true"]
    return params


def _choices(pairs: Sequence[str] | None) -> dict[str, str]:
    choices = {}
    for pair in pairs or ():
        key, sep, value = pair.partition("=")
        if not sep:
            raise CliError(f"--choice needs KEY=VALUE, got {pair!r}", code=2)
        choices[key] = value
    return choices


def add_language(p: argparse.ArgumentParser) -> None:
    """`--lang`: the language of what the command writes (lang)."""
    p.add_argument(
        "--lang",
        choices=tuple(i18n.LANGUAGES),
        default=i18n.DEFAULT,
        help="the language of the words the dashboard writes (default en; data values "
        "stay as recorded)",
    )


def cmd_pack(args: argparse.Namespace) -> int:
    engine = _engine(args.url)
    if db.is_empty(engine):
        raise CliError("The database is empty: there is nothing to put in a pack.")
    review = None
    if args.review:
        if args.period or args.meeting_date:
            raise CliError(
                "--review takes the half-year and the meeting date from the published review: "
                "leave out --period and --meeting-date.",
                code=2,
            )
        review = reviews.find(engine, args.review)
        if review is None:
            raise CliError(
                f"No review of {args.review!r} is published (python -m score_dash review list).",
                code=2,
            )
    try:
        data = build_meeting_pack(
            _source(engine),
            period=args.period,
            meeting_date=args.meeting_date,
            role=Role(args.role),
            review=review,
            recorded=minutes.load(engine),
        )
    except versions.VersionUnavailable:
        assert review is not None  # the current data always can be read
        raise CliError(
            f"The data of the review of {review.period} (data version "
            f"{review.data_version}) cannot be rebuilt."
        ) from None
    Path(args.out).write_bytes(data)
    print(f"Wrote the meeting pack to {args.out}")
    return 0


def build_meeting_pack(
    source: assembly.Source,
    *,
    period: str | None = None,
    meeting_date: str | None = None,
    role: Role = Role.STAFF,
    review: reviews.Review | None = None,
    recorded: minutes.Records | None = None,
) -> bytes:
    """The meeting's PDF pack of the whole programme, as `role` may see it (the local
    command line is staff's; `--role viewer` writes the edition for circulation).

    Of a published `review`: its data version's (a viewer's edition of it), and its
    half-year, meeting date, data version and date are the pack's. Otherwise of a
    half-year (the latest by default) on the current data. A viewer held back at an
    earlier review's data (score_dash/access/versions.py) reads that review's figures: the
    pack names its data version and date, its cover says why, and so does this command.
    `recorded`: the meetings' decisions, actions and notes (cut down for a viewer)."""
    config = get_config()
    options = source.options(source.current)
    if not options.period_codes:
        raise CliError("The database holds no half-year yet.")
    if review is not None:
        period = review.period
    filters, notices = parse_params({"period": [period]} if period else {}, options)
    if notices:
        raise CliError("Invalid period: " + "; ".join(map(str, notices)), code=2)
    selection = assembly.select(
        source, Filters(period=filters.period), role, review=review, records=recorded
    )
    assert selection.periods is not None
    periods, held = selection.periods, selection.held
    base = config.base_url or "http://127.0.0.1:8501"
    if review is not None:
        meeting: date | None = review.meeting_date
        link = model.review_link(base, review.period, options)
    else:
        try:
            meeting = (
                date.fromisoformat(meeting_date)
                if meeting_date
                else selection.meeting_date(periods.review)
            )
        except ValueError:
            raise CliError(
                f"--meeting-date needs YYYY-MM-DD, got {meeting_date!r}", code=2
            ) from None
        link = model.overview_link(base, periods, options)
    edition = held or review
    as_of = edition.data_as_of if edition else source.meta.get("data_updated_at", "")
    try:
        data_date = model.date_of(as_of)
    except ValueError:
        raise CliError("The database does not say when its data were last changed.") from None
    held_back = ""
    if held is not None:
        held_back = viewer_versions.held_back_text(
            held.title, config.min_cell, review.title if review is not None else None
        )
        print(held_back)
    pack_meta = model.PackMeta(
        title=model.DEFAULT_TITLE,
        period_label=periods.labels[periods.review],
        data_version=str(selection.version),
        data_date=data_date,
        share_link=link,
        meeting_date=meeting,
        demo=source.meta.get("dataset") == "demo",
        published=review.published_at if review is not None else None,
        held_back=held_back,
    )
    return render.render_pack(source, selection, pack_meta)


def cmd_template(args: argparse.Namespace) -> int:
    frames = None
    if args.with_codes:
        engine = _engine(args.url)
        if not db.is_empty(engine):
            frames = loading.load_frames(engine)
    Path(args.out).write_bytes(ingest.build_template(frames))
    print(f"Wrote the import template to {args.out}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise CliError(f"No such file: {path}", code=2)
    limit = get_config().upload_max_mb
    if refusal := ingest.size_refusal(path.stat().st_size, limit):
        raise CliError(refusal)  # refused by its size, before the file is read
    engine = _engine(args.url)
    db.create_schema(engine)
    parsed, report = ingest.check_file(path.read_bytes(), path.name, engine, limit)
    if report.unchanged and not args.dry_run:
        print(report.to_text())
        return _import_records(engine, path)
    if args.dry_run or report.unchanged:
        print(report.to_text())
        if args.dry_run and parsed is not None and not report.errors:
            print("Dry run: nothing was written.")
        return 1 if report.errors or parsed is None else 0
    if report.warnings and not report.errors and not args.accept_warnings:
        print(report.to_text())
        print("There are warnings: check them, then run again with --accept-warnings.")
        return 1
    # apply_import writes the data, or records the refusal in the audit log.
    final = ingest.apply_import(
        engine, parsed, report, user=args.user, accept_warnings=args.accept_warnings
    )
    print(final.to_text())
    if final.ok:
        _write_snapshot(engine, args.url)
        return _import_records(engine, path)
    return 1


def _write_snapshot(engine, url: str | None) -> None:
    """The new data version's frames on disk, for the dashboard's processes to read."""
    config = get_config()
    url = url or config.db_url
    folder = disk_cache.refresh(engine, url, config.cache_dir_for(url))
    if folder is not None:
        print(f"Frames of the new data version written for the dashboard to read: {folder}")


def _import_records(engine, path: Path) -> int:
    """After the data: the decisions, actions and notes of an exported workbook, if any."""
    data = path.read_bytes()
    if path.suffix.lower() != ".xlsx" or not record_sheets.holds_records(data):
        return 0
    result = record_sheets.import_workbook(engine, data)
    for problem in result.problems:
        print(problem)
    if not result.ok:
        print("The decisions, actions and notes were not imported.")
        return 1
    print(", ".join(f"{sheet}: {n} added" for sheet, n in result.added.items()))
    return 0


def cmd_review_publish(args: argparse.Namespace) -> int:
    try:
        meeting = date.fromisoformat(args.meeting_date)
    except ValueError:
        raise CliError(f"--meeting-date must be YYYY-MM-DD, got {args.meeting_date!r}", 2) from None
    engine = _engine(args.url)
    try:
        review = reviews.publish(engine, args.period, meeting, args.user)
    except reviews.ReviewError as exc:
        raise CliError(str(exc)) from None
    print(f"Published: {review.title} (data version {review.data_version}).")
    warning = publish_warning(engine, review)
    if warning:
        print("Warning: " + warning, file=sys.stderr)
    return 0


def publish_warning(engine: Engine, review: reviews.Review) -> str | None:
    """What staff are told when viewers will read a just-published review with an earlier
    review's figures (its data differ from that one's by too few enterprises), else None."""
    try:
        _, held = _source(engine).version_for(Role.VIEWER, review)
    except versions.VersionUnavailable:
        return (
            "whether viewers see this review's own figures could not be checked: an earlier "
            "review's data cannot be rebuilt."
        )
    if held is None:
        return None
    return viewer_versions.publish_warning(review.title, held.title, get_config().min_cell)


def cmd_review_list(args: argparse.Namespace) -> int:
    published = reviews.list_reviews(_engine(args.url))
    if not published:
        print("No review is published yet.")
    for review in published:
        print(
            f"{review.period}  meeting {fmt_date(review.meeting_date)}  data version "
            f"{review.data_version} ({fmt_stamp(review.data_as_of)})  published "
            f"{fmt_moment(review.published_at)} by {review.published_by}"
        )
    return 0


def _due(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CliError(f"--due must be YYYY-MM-DD, got {text!r}", 2) from None


def _records_engine(url: str | None) -> Engine:
    """The engine, with the schema brought up to date (the meetings' records gained the
    "shown to viewers" mark)."""
    engine = _engine(url)
    db.create_schema(engine)
    return engine


def _warn_names(engine: Engine, *texts: str) -> None:
    """Print `records.name_warning` for what was written or released, if anything."""
    enterprises = loading.load_table(engine, "enterprises")
    warning = minutes.name_warning(" ".join(texts), minutes.name_words(enterprises))
    if warning:
        print(f"warning: {warning}", file=sys.stderr)


def _viewers_records(engine: Engine, role: str) -> minutes.Records:
    """The records as `role` reads them (`records.for_viewer` for a viewer or secretary)."""
    enterprises = loading.load_table(engine, "enterprises")
    return assembly.records_for(
        Role(role), minutes.load(engine), enterprises, get_config().min_cell
    )


def cmd_actions_add(args: argparse.Namespace) -> int:
    engine = _records_engine(args.url)
    try:
        ident = minutes.add_item(
            engine,
            period=args.review,
            kind=args.kind,
            text=args.text,
            user=args.user,
            owner=args.owner or "",
            due=_due(args.due),
            indicator=args.indicator or "",
            link=args.link or "",
            release=args.release,
        )
    except minutes.RecordError as exc:
        raise CliError(str(exc)) from None
    shown = "shown to viewers" if args.release else "not shown to viewers until released"
    print(f"Recorded {args.kind} {ident} for the review of {args.review} ({shown}).")
    _warn_names(engine, args.text, args.owner or "")
    return 0


def cmd_actions_list(args: argparse.Namespace) -> int:
    engine = _records_engine(args.url)
    # Overdue at the meeting of the review asked for (the latest half-year's by default), as
    # on the Decisions & actions page and in the pack (actions.meeting_date).
    frames = loading.load_frames(engine)
    codes = build_options(frames, get_config().period_convention).period_codes
    period = args.review or (codes[-1] if codes else "")
    published = {r.period: r.meeting_date for r in reviews.list_reviews(engine)}
    as_of = actions.meeting_date(frames, period, published) or db.today()
    table = minutes.items_table(_viewers_records(engine, args.role), as_of=as_of)
    if args.review:
        table = table[table["Review"] == args.review]
    if args.open:
        table = table[table["Status"].isin(minutes.OPEN)]
    if table.empty:
        print("No decision or action matches.")
    for row in table.to_dict("records"):
        due = (
            f" due {fmt_date(row['Due'])}"
            if row["Due"] is not None and row["Due"] == row["Due"]
            else ""
        )
        owner = f" [{row['Owner']}]" if row["Owner"] else ""
        status = (
            f" ({row['Status']}{', overdue' if row['Overdue'] else ''})" if row["Status"] else ""
        )
        hidden = " (not shown to viewers)" if row.get(minutes.SHOWN) == "" else ""
        print(
            f"{row['ID']:>4}  {row['Review']}  {row['Kind']:<8}{status}{owner}{due}: "
            f"{row['Text']}{hidden}"
        )
    return 0


def _release(args: argparse.Namespace, record: str) -> int:
    """`actions release` and `notes release`: show a record to viewers or take it back."""
    engine = _records_engine(args.url)
    shown = not args.withdraw
    try:
        done_now = minutes.release(engine, record, args.id, args.user, Role.STAFF, shown=shown)
    except minutes.RecordError as exc:
        raise CliError(str(exc)) from None
    what = "Decision or action" if record == "item" else "Note"
    done = "shown to viewers" if shown else "taken back from viewers"
    print(f"{what} {args.id}: {done}." if done_now else f"{what} {args.id} was already {done}.")
    if shown:
        found = minutes.load(engine)
        frame = found.items if record == "item" else found.notes
        row = frame[frame["ID"] == args.id].iloc[0]
        _warn_names(engine, str(row["Text"]), str(row.get("Owner", "")))
    return 0


def cmd_actions_release(args: argparse.Namespace) -> int:
    return _release(args, "item")


def cmd_notes_release(args: argparse.Namespace) -> int:
    return _release(args, "note")


def cmd_actions_set(args: argparse.Namespace) -> int:
    try:
        minutes.set_status(
            _records_engine(args.url),
            args.id,
            args.status,
            args.comment or "",
            args.user,
            expected_status=args.expected_status,
        )
    except minutes.RecordError as exc:
        raise CliError(str(exc)) from None
    print(f"Action {args.id}: {args.status}.")
    return 0


def cmd_actions_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise CliError(f"No such file: {path}", code=2)
    result = record_sheets.import_workbook(_engine(args.url), path.read_bytes())
    if not result.ok:
        for problem in result.problems:
            print(problem)
        print("Nothing was imported.")
        return 1
    print(", ".join(f"{sheet}: {n} added" for sheet, n in result.added.items()))
    return 0


def cmd_notes_add(args: argparse.Namespace) -> int:
    engine = _records_engine(args.url)
    try:
        ident = minutes.add_note(
            engine,
            indicator=args.indicator,
            period=args.period,
            text=args.text,
            user=args.user,
            state=args.state or "",
            cluster=args.cluster or "",
            enterprise=args.enterprise or "",
            release=args.release and not args.enterprise,
        )
    except minutes.RecordError as exc:
        raise CliError(str(exc)) from None
    shown = "shown to viewers" if args.release and not args.enterprise else "not shown to viewers"
    print(f"Note {ident} on {args.indicator}, {args.period} ({shown}).")
    _warn_names(engine, args.text)
    return 0


def cmd_notes_list(args: argparse.Namespace) -> int:
    notes = _viewers_records(_records_engine(args.url), args.role).notes
    if notes.empty:
        print("No note on any figure yet.")
    for row in notes.to_dict("records"):
        place = " ".join(p for p in (row["State"], row["Cluster"], row["Enterprise"]) if p)
        print(
            f"{row['ID']:>4}  {row['Half-year']}  {row['Indicator']}"
            + (f" ({place})" if place else "")
            + f": {row['Text']}"
            + (" (not shown to viewers)" if row.get(minutes.SHOWN) == "" else "")
        )
    return 0


def cmd_disclosure(args: argparse.Namespace) -> int:
    """Every group the viewers' publication withholds at a half-year, with its rule and what a
    secondary suppression protects: for staff before a meeting."""
    engine = _engine(args.url)
    config = get_config()
    source = _source(engine)
    frames, options = source.frames(source.current), source.options(source.current)
    if not options.period_codes:
        print("The database holds no half-year yet: nothing is published.")
        return 0
    filters, notices = parse_params({"period": [args.period]} if args.period else {}, options)
    if notices:
        raise CliError("Invalid filter: " + "; ".join(map(str, notices)), code=2)
    period = resolve_periods(filters, options, frames["periods"]).review
    publication = source.publication(source.current)
    withheld = disclosure.report_withheld(publication, period)
    label = options.periods[period]
    print(
        f"Viewers' publication, {label}: {len(publication.groups)} groups "
        f"(threshold {config.min_cell} enterprises, p % rule p = {config.dominance_p})."
    )
    if withheld.empty:
        print(f"Nothing is withheld at {label}.")
        return 0
    print(f"{len(withheld)} withheld at {label}:")
    for row in withheld.to_dict("records"):
        print(
            f"  {row['Group']} ({row['Enterprises']} enterprises): {row['Rule']}"
            + (f", protects {row['Protects']}" if row["Protects"] else "")
            + f" - {row['Reason']}"
        )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    try:
        done = backup.backup(_engine(args.url, check=False), Path(args.out), logical=args.logical)
    except backup.BackupError as exc:
        raise CliError(str(exc)) from None
    rows = (
        f", {fmt_count(sum(done.rows.values()))} rows in {len(done.rows)} tables"
        if done.rows
        else ""
    )
    print(
        f"Backup written to {done.path} ({done.format}, {done.size / 1e6:.1f} MB{rows}) "
        f"in {done.seconds:.1f} s."
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    engine = db.make_engine(args.url)
    try:
        done = backup.restore(Path(args.file), engine)
    except backup.BackupError as exc:
        raise CliError(str(exc)) from None
    print(
        f"Restored {done.path} ({done.format}) into "
        f"{engine.url.render_as_string(hide_password=True)}: "
        f"{fmt_count(sum(done.rows.values()))} rows in {len(done.rows)} tables, "
        f"{done.seconds:.1f} s."
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m score_dash", description="SCORE India review dashboard tools."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init-db", help="create the schema, optionally with the demo data")
    p.add_argument("--demo", action="store_true", help="fill it with the demo dataset")
    p.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="multiply the number of demo enterprises (benchmarks)",
    )
    p.add_argument("--seed", type=int, default=None, help="demo random seed")
    p.add_argument("--url", help="database URL (default: SCORE_DB_URL)")
    p.add_argument("--force", action="store_true", help="replace existing data")
    p.set_defaults(func=cmd_init_db)

    p = sub.add_parser("db", help="the database's schema revision (migrations)")
    db_sub = p.add_subparsers(dest="db_command", required=True)
    for name, text in (
        ("upgrade", "bring the schema up to this version"),
        ("current", "its revision"),
    ):
        db_sub.add_parser(name, help=text).add_argument(
            "--url", help="database URL (default: SCORE_DB_URL)"
        )
    p.set_defaults(func=cmd_db)

    p = sub.add_parser("summary", help="rows per table and headline figures")
    p.add_argument("--url")
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser(
        "disclosure", help="what the viewers' publication withholds at a half-year, and why"
    )
    p.add_argument("--period", help="the half-year (default: the latest)")
    p.add_argument("--url")
    p.set_defaults(func=cmd_disclosure)

    p = sub.add_parser("export", help="a page's Excel workbook, or the whole database")
    p.add_argument("--page", choices=[page.name for page in PAGES], help="the page to export")
    p.add_argument(
        "--role",
        choices=[role.value for role in Role],
        default=Role.STAFF.value,
        help="write what this role sees (default staff; viewer: aggregates only)",
    )
    p.add_argument("--all", action="store_true", help="the whole database (import format)")
    p.add_argument("--out", required=True)
    p.add_argument("--url")
    for option, _param in FILTER_OPTIONS:
        if option in ("period", "compare"):
            p.add_argument(f"--{option}", help="half-year, e.g. 2015-H2")
        else:
            p.add_argument(
                f"--{option}",
                action="append",
                help=f"{option} (repeatable; the label shown in the app)",
            )
    p.add_argument("--women-owned", action="store_true", dest="women_owned")
    p.add_argument(
        "--choice", action="append", help="a page's own choice as KEY=VALUE, e.g. kpi='Defect rate'"
    )
    add_language(p)  # lang
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("pack", help="the review meeting's PDF pack (every Review page)")
    p.add_argument("--out", required=True)
    p.add_argument(
        "--period",
        help="half-year under review, e.g. 2017-H2, on the current data (default: the latest)",
    )
    p.add_argument(
        "--review",
        help="a published review's half-year, e.g. 2017-H2: the pack of that review, on the "
        "data version it fixed, with its meeting date (python -m score_dash review list)",
    )
    p.add_argument(
        "--meeting-date",
        dest="meeting_date",
        help="the review meeting, YYYY-MM-DD (default: the half-year's review date in the data)",
    )
    p.add_argument(
        "--role",
        choices=[role.value for role in Role],
        default=Role.STAFF.value,
        help="write what this role sees (default staff; viewer: the edition for circulation)",
    )
    p.add_argument("--url")
    add_language(p)  # lang
    p.set_defaults(func=cmd_pack)

    p = sub.add_parser("template", help="the Excel import template")
    p.add_argument("--out", required=True)
    p.add_argument(
        "--with-codes",
        action="store_true",
        help="add the database's clusters, enterprises, partners to drop-downs",
    )
    p.add_argument("--url")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("review", help="publish a review (fix its data version) or list them")
    review = p.add_subparsers(dest="review_command", required=True)
    q = review.add_parser("publish", help="fix the current data as the review of a half-year")
    q.add_argument("--period", required=True, help="the half-year reviewed, e.g. 2017-H2")
    q.add_argument("--meeting-date", required=True, dest="meeting_date", help="YYYY-MM-DD")
    q.add_argument("--user", default="command line")
    q.add_argument("--url")
    q.set_defaults(func=cmd_review_publish)
    q = review.add_parser("list", help="the published reviews")
    q.add_argument("--url")
    q.set_defaults(func=cmd_review_list)

    p = sub.add_parser("actions", help="decisions and action points of the reviews (staff)")
    actions = p.add_subparsers(dest="actions_command", required=True)
    q = actions.add_parser("add", help="record a decision or an action point")
    q.add_argument("--review", required=True, help="the half-year of the review, e.g. 2017-H2")
    q.add_argument("--text", required=True)
    q.add_argument("--kind", choices=minutes.KINDS, default="action")
    q.add_argument("--owner", help="a person or organisation (actions)")
    q.add_argument("--due", help="YYYY-MM-DD (actions)")
    q.add_argument("--indicator", help="the indicator or KPI code it concerns")
    q.add_argument("--link", help="the share link of the view it was decided on")
    q.add_argument("--release", action="store_true", help="show it to viewers at once")
    q.add_argument("--user", default="command line")
    q.add_argument("--url")
    q.set_defaults(func=cmd_actions_add)
    q = actions.add_parser("list", help="the decisions and actions")
    q.add_argument("--review", help="only those of this review's half-year")
    q.add_argument("--open", action="store_true", help="only actions open or in progress")
    _role_argument(q)
    q.add_argument("--url")
    q.set_defaults(func=cmd_actions_list)
    q = actions.add_parser("release", help="show a decision or action to viewers")
    _release_arguments(q, cmd_actions_release)
    q = actions.add_parser("set", help="change an action's status (kept as history)")
    q.add_argument("id", type=int)
    q.add_argument("--status", required=True, choices=minutes.STATUSES)
    q.add_argument(
        "--expected-status",
        choices=minutes.STATUSES,
        help="change it only if its status is still this (else nothing is written)",
    )
    q.add_argument("--comment", default="")
    q.add_argument("--user", default="command line")
    q.add_argument("--url")
    q.set_defaults(func=cmd_actions_set)
    q = actions.add_parser(
        "import", help="decisions, actions, history and notes from an exported workbook"
    )
    q.add_argument("file")
    q.add_argument("--url")
    q.set_defaults(func=cmd_actions_import)

    p = sub.add_parser("notes", help="notes that explain figures (staff)")
    notes = p.add_subparsers(dest="notes_command", required=True)
    q = notes.add_parser("add", help="attach a note to an indicator or KPI in a half-year")
    q.add_argument("--indicator", required=True, help="indicator or KPI code")
    q.add_argument("--period", required=True)
    q.add_argument("--text", required=True)
    q.add_argument("--state", help="state name")
    q.add_argument("--cluster", help="cluster name")
    q.add_argument("--enterprise", help="enterprise code (the note is then for staff only)")
    q.add_argument("--release", action="store_true", help="show it to viewers at once")
    q.add_argument("--user", default="command line")
    q.add_argument("--url")
    q.set_defaults(func=cmd_notes_add)
    q = notes.add_parser("list", help="every note")
    _role_argument(q)
    q.add_argument("--url")
    q.set_defaults(func=cmd_notes_list)
    q = notes.add_parser("release", help="show a note to viewers")
    _release_arguments(q, cmd_notes_release)

    p = sub.add_parser("import", help="validate and import an Excel or CSV file")
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="validate only, write nothing")
    p.add_argument("--accept-warnings", action="store_true")
    p.add_argument("--user", default="command line")
    p.add_argument("--url")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("backup", help="a consistent copy of the whole database, while it is used")
    p.add_argument("--out", required=True, help="the backup file (replaced once complete)")
    p.add_argument(
        "--logical",
        action="store_true",
        help="PostgreSQL: a SQLite file that restores into either engine, instead of pg_dump's",
    )
    p.add_argument("--url")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="restore a backup into an empty database")
    p.add_argument("file")
    p.add_argument("--url", required=True, help="the empty database to restore into")
    p.set_defaults(func=cmd_restore)
    return parser


def _role_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--role",
        choices=[role.value for role in Role],
        default=Role.STAFF.value,
        help="list what this role reads (default staff; viewer: only what is shown to viewers)",
    )


def _release_arguments(parser: argparse.ArgumentParser, func: object) -> None:
    parser.add_argument("id", type=int)
    parser.add_argument("--withdraw", action="store_true", help="take it back from viewers")
    parser.add_argument("--user", default="command line")
    parser.add_argument("--url")
    parser.set_defaults(func=func)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage error (or --help)
        return int(exc.code or 0)
    try:
        get_config()  # the settings, and with them how numbers and dates are written
        # The command in its --lang (export, pack), this process's language left as it was.
        return int(i18n.in_language(getattr(args, "lang", i18n.DEFAULT), args.func, args))
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code
    except (ConfigError, db.DatabaseError, schema.SchemaOutOfDate) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OperationalError:
        print(
            "error: the database cannot be reached: check that its server is running and "
            "that SCORE_DB_URL (or --url) points to it.",
            file=sys.stderr,
        )
        return 2
