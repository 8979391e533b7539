"""Settings, declared once with their defaults and help text.

Each setting is read, in order, from the environment variable named after it, from
`.streamlit/secrets.toml` (top-level key of the same name, lower case accepted), and
finally from its default. Secrets are read with `tomllib` so this module stays free of
Streamlit.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from score_dash.access.policy import parse_entries
from score_dash.core import formats
from score_dash.pages.assembly import Settings

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
SECRETS_FILE = ROOT / ".streamlit" / "secrets.toml"
STREAMLIT_CONFIG = ROOT / ".streamlit" / "config.toml"
# The upload limit is Streamlit's own server.maxUploadSize, which the server enforces on
# every request: one setting for the server, the Data page, the checks and the CLI import.
UPLOAD_ENV = "STREAMLIT_SERVER_MAX_UPLOAD_SIZE"

PeriodConvention = Literal["calendar", "fiscal"]


@dataclass(frozen=True)
class Setting:
    """One setting: its environment name, default and the help shown in the README."""

    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "SCORE_DB_URL",
        f"sqlite:///{DATA_DIR / 'score.db'}",
        "SQLAlchemy URL of the database. Default: the SQLite file data/score.db, created "
        "with the demo data on first start. Use postgresql+psycopg://user:pass@host/db for "
        "PostgreSQL.",
    ),
    Setting(
        "SCORE_PERIOD_CONVENTION",
        "calendar",
        "Half-year convention: 'calendar' (Jan-Jun, Jul-Dec; labels 2014-H1) or 'fiscal' "
        "(Indian fiscal year, Apr-Sep, Oct-Mar; labels FY2014-15 H1). Set it before the "
        "database is created: stored periods follow it.",
    ),
    Setting(
        "SCORE_MIN_CELL",
        "3",
        "Smallest number of enterprises behind a figure shown to viewers; smaller groups "
        "are suppressed.",
    ),
    Setting(
        "SCORE_DOMINANCE_P",
        "10",
        "The p % dominance rule for viewers (score_dash/access/disclosure.py): a group is withheld "
        "when the workers of all but its two largest enterprises are less than p % of the "
        "largest's, so that the second-largest could estimate the largest within p %; a "
        "group's fee income of a half-year is withheld by the same rule on the fees.",
    ),
    Setting(
        "SCORE_SMALL_N",
        "5",
        "Figures computed from fewer enterprises than this are marked 'small group'.",
    ),
    Setting(
        "SCORE_STAFF",
        "",
        "Project staff, who see enterprises and import data: comma-separated e-mail "
        "addresses or @domain entries (e.g. 'm.e@ilo.org, @score-india.org'). Everyone else "
        "who signs in is a viewer.",
    ),
    Setting(
        "SCORE_ADMINS",
        "",
        "Administrators (staff, plus administration): addresses or @domain entries.",
    ),
    Setting(
        "SCORE_SECRETARIES",
        "",
        "The review meeting's secretaries, who record decisions and action points (and "
        "otherwise see what a viewer sees): addresses or @domain entries.",
    ),
    Setting(
        "SCORE_ALLOW_ANONYMOUS",
        "0",
        "1: with sign-in configured, visitors who are not signed in may look as viewers. "
        "0 (default): they see only the sign-in page.",
    ),
    Setting(
        "SCORE_AUTO_DEMO",
        "1",
        "1: create and fill an empty database with the demo data on first start. 0: start "
        "with an empty schema.",
    ),
    Setting(
        "SCORE_CACHE_DIR",
        "",
        "Folder for the snapshot of each data version's frames (Arrow files written at "
        "import, read by every process on its first visit; safe to delete). Default: beside "
        "a SQLite database file (score.db.frames), else data/cache. It holds enterprise "
        "data: keep it as private as the database. 'off': no snapshots.",
    ),
    Setting(
        "SCORE_FILTER_CACHE_MB",
        "160",
        "Memory (MB) each process may keep for the filtered data of recent filter states "
        "(the most recently used are kept; each is rebuilt in a fraction of a second when "
        "needed again). At 50,000 enterprises one filter state takes from about 5 MB (one "
        "state) to over 100 MB (the two largest sectors).",
    ),
    Setting(
        "SCORE_NUMBER_GROUPING",
        "indian",
        "How digits are grouped wherever a number is written for people (screen, PDF pack, "
        "command line, Excel's number formats): 'indian' (12,34,567; 1,00,000; rupees from "
        "one lakh in lakh and crore) or 'international' (1,234,567).",
    ),
    Setting(
        "SCORE_DATE_FORMAT",
        "day-month",
        "How dates are written for people: 'day-month' (14 Feb 2018 in text, 14-02-2018 in "
        "tables and Excel) or 'iso' (2018-02-14). Dates that name something (half-years "
        "such as 2017-H2, file names, links) keep their ISO form.",
    ),
    Setting(
        "SCORE_BASE_URL",
        "",
        "Public address of the app (e.g. https://score.example.org), used in share links "
        "written to Excel from the command line. The app itself uses the browser's address.",
    ),
)


@dataclass(frozen=True)
class Config:
    """The resolved settings of this process."""

    db_url: str
    period_convention: PeriodConvention
    min_cell: int
    small_n: int
    upload_max_mb: int
    auto_demo: bool
    base_url: str
    staff: tuple[str, ...] = ()
    admins: tuple[str, ...] = ()
    secretaries: tuple[str, ...] = ()
    allow_anonymous: bool = False
    cache_setting: str = ""  # SCORE_CACHE_DIR as given
    filter_cache_mb: int = 160
    dominance_p: int = 10
    conventions: formats.Conventions = formats.DEFAULT_CONVENTIONS

    @property
    def assembly(self) -> Settings:
        """The settings a page's report is assembled with (score_dash/pages/assembly.py)."""
        return Settings(self.min_cell, self.dominance_p, self.small_n, self.period_convention)

    @property
    def cache_dir(self) -> Path | None:
        """Where the snapshots of the frames of `db_url` go (score_dash.store.disk_cache); None:
        off."""
        return self.cache_dir_for(self.db_url)

    def cache_dir_for(self, db_url: str) -> Path | None:
        return cache_dir(self.cache_setting, db_url)


def _read_secrets(path: Path) -> dict[str, object]:
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"Cannot read {path}: {exc}") from exc


class ConfigError(ValueError):
    """A setting has a value that cannot be used; the message says which and why."""


def _raw(setting: Setting, secrets: dict[str, object]) -> str:
    if setting.env in os.environ and os.environ[setting.env] != "":
        return os.environ[setting.env]
    for key in (setting.env, setting.env.lower()):
        if key in secrets:
            return str(secrets[key])
    return setting.default


TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


def _as_bool(name: str, value: str) -> bool:
    """The one reader of a yes/no setting: 1/0, true/false, yes/no, on/off, in any case; any
    other value is refused with the setting and the value named (`False` must not read as
    true, nor `ja` as false)."""
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(
        f"{name} must be one of {', '.join(TRUE_WORDS)} or {', '.join(FALSE_WORDS)} (any "
        f"case), got {value!r}"
    )


def _as_int(name: str, value: str, minimum: int) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {value!r}") from None
    if number < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {number}")
    return number


def _as_choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    """One of `choices` (any case); any other value is refused with the setting named."""
    word = value.strip().lower()
    if word not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return word


def upload_limit_mb(streamlit_config: Path = STREAMLIT_CONFIG) -> int:
    """Streamlit's `server.maxUploadSize` (MB): its environment variable, else
    .streamlit/config.toml, else Streamlit's default of 200."""
    if os.environ.get(UPLOAD_ENV, "") != "":
        return _as_int(UPLOAD_ENV, os.environ[UPLOAD_ENV], 1)
    server = _read_secrets(streamlit_config).get("server", {})
    value = server.get("maxUploadSize", 200) if isinstance(server, dict) else 200
    return _as_int("server.maxUploadSize", str(value), 1)


def load_config(secrets_file: Path = SECRETS_FILE) -> Config:
    """Read every setting now (environment first, then secrets, then defaults)."""
    secrets = _read_secrets(secrets_file)
    raw = {s.env: _raw(s, secrets) for s in SETTINGS}
    convention = raw["SCORE_PERIOD_CONVENTION"].strip().lower()
    if convention not in ("calendar", "fiscal"):
        raise ConfigError(
            f"SCORE_PERIOD_CONVENTION must be 'calendar' or 'fiscal', got {convention!r}"
        )
    return Config(
        conventions=formats.Conventions(
            grouping=_as_choice(  # type: ignore[arg-type]
                "SCORE_NUMBER_GROUPING", raw["SCORE_NUMBER_GROUPING"], formats.GROUPINGS
            ),
            dates=_as_choice(  # type: ignore[arg-type]
                "SCORE_DATE_FORMAT", raw["SCORE_DATE_FORMAT"], formats.DATE_STYLES
            ),
        ),
        db_url=raw["SCORE_DB_URL"].strip(),
        period_convention=convention,  # type: ignore[arg-type]
        min_cell=_as_int("SCORE_MIN_CELL", raw["SCORE_MIN_CELL"], 1),
        small_n=_as_int("SCORE_SMALL_N", raw["SCORE_SMALL_N"], 1),
        upload_max_mb=upload_limit_mb(),
        auto_demo=_as_bool("SCORE_AUTO_DEMO", raw["SCORE_AUTO_DEMO"]),
        base_url=raw["SCORE_BASE_URL"].strip().rstrip("/"),
        staff=parse_entries(raw["SCORE_STAFF"]),
        admins=parse_entries(raw["SCORE_ADMINS"]),
        secretaries=parse_entries(raw["SCORE_SECRETARIES"]),
        allow_anonymous=_as_bool("SCORE_ALLOW_ANONYMOUS", raw["SCORE_ALLOW_ANONYMOUS"]),
        cache_setting=raw["SCORE_CACHE_DIR"].strip(),
        filter_cache_mb=_as_int("SCORE_FILTER_CACHE_MB", raw["SCORE_FILTER_CACHE_MB"], 1),
        dominance_p=_as_int("SCORE_DOMINANCE_P", raw["SCORE_DOMINANCE_P"], 0),
    )


def cache_dir(value: str, db_url: str) -> Path | None:
    """SCORE_CACHE_DIR resolved: 'off' is None; empty is the default (beside a SQLite
    database file, else data/cache)."""
    if value.lower() == "off":
        return None
    if value:
        return Path(value).expanduser()
    try:
        url = make_url(db_url)
    except ArgumentError:
        return None  # not a database URL: the engine says so when it is made
    if url.get_backend_name() != "sqlite":
        return DATA_DIR / "cache"
    if not url.database or url.database == ":memory:":
        return None  # an in-memory database has no data version worth keeping
    database = Path(url.database)
    return database.with_name(database.name + ".frames")


@lru_cache(maxsize=1)
def get_config() -> Config:
    """The settings of this process, read once; how numbers and dates are written
    (`formats.use`) follows them from then on."""
    config = load_config()
    formats.use(config.conventions)
    return config
