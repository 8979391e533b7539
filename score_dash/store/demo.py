"""The deterministic demo dataset: illustrative, realistic in magnitude, never real records.

`build_demo(seed, scale, convention)` returns one DataFrame per importable table, with the
columns of the data dictionary (natural keys, not database ids). The same arguments always
give identical frames. Magnitudes follow published SCORE figures (README, "Data and
sources"): India's SCORE clusters and sectors, 30-300 workers per enterprise (median near
70), women's share by sector, Module 1 first and mandatory, about 70 % of enrolments
completing, KPI improvements in published ranges (waste about -40 %, energy about -27 %,
productivity up to +50 %), with about 10 % of expected KPI reports missing and a few
implausible values, so that the data-quality checks have something real to find.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from score_dash.core import dictionary as dd
from score_dash.core.geo import load_states
from score_dash.core.periods import Convention, Period, period_of, period_range

FIRST_PERIOD = Period(2011, 1)
LAST_PERIOD = Period(2017, 2)
DEFAULT_SEED = 20140805


@dataclass(frozen=True)
class DemoCluster:
    name: str
    city: str
    district: str
    state: str
    sector: str
    latitude: float
    longitude: float
    phase: int
    start: Period
    enterprises: int
    women_share: tuple[float, float]


# Coordinates: GeoNames (CC BY 4.0) city points, rounded.
CLUSTERS: tuple[DemoCluster, ...] = (
    DemoCluster(
        "Faridabad",
        "Faridabad",
        "Faridabad",
        "IN-HR",
        "Auto components",
        28.411,
        77.313,
        1,
        Period(2011, 1),
        40,
        (0.05, 0.12),
    ),
    DemoCluster(
        "Gurugram",
        "Gurugram",
        "Gurugram",
        "IN-HR",
        "Auto components",
        28.460,
        77.027,
        1,
        Period(2011, 2),
        30,
        (0.05, 0.14),
    ),
    DemoCluster(
        "Delhi Okhla",
        "New Delhi",
        "South East Delhi",
        "IN-DL",
        "Light engineering",
        28.535,
        77.271,
        1,
        Period(2012, 1),
        28,
        (0.06, 0.15),
    ),
    DemoCluster(
        "Chennai",
        "Chennai",
        "Chennai",
        "IN-TN",
        "Engineering",
        13.088,
        80.278,
        2,
        Period(2013, 2),
        30,
        (0.07, 0.15),
    ),
    DemoCluster(
        "Coimbatore",
        "Coimbatore",
        "Coimbatore",
        "IN-TN",
        "Engineering",
        11.005,
        76.966,
        2,
        Period(2014, 1),
        24,
        (0.06, 0.14),
    ),
    DemoCluster(
        "Pune",
        "Pune",
        "Pune",
        "IN-MH",
        "Forging",
        18.520,
        73.855,
        2,
        Period(2014, 2),
        26,
        (0.05, 0.10),
    ),
    DemoCluster(
        "Tiruppur",
        "Tiruppur",
        "Tiruppur",
        "IN-TN",
        "Garments",
        11.109,
        77.340,
        2,
        Period(2015, 1),
        26,
        (0.45, 0.70),
    ),
    DemoCluster(
        "Bengaluru",
        "Bengaluru",
        "Bengaluru Urban",
        "IN-KA",
        "Leather",
        12.972,
        77.594,
        2,
        Period(2015, 2),
        18,
        (0.25, 0.40),
    ),
    DemoCluster(
        "Visakhapatnam",
        "Visakhapatnam",
        "Visakhapatnam",
        "IN-AP",
        "Seafood processing",
        17.687,
        83.218,
        2,
        Period(2016, 1),
        18,
        (0.55, 0.75),
    ),
)

MODULE_UPTAKE = {"M2": 0.55, "M3": 0.35, "M4": 0.40, "M5": 0.50}
# Probability of reaching each stage from the one before (product near 0.72).
STAGE_RETENTION = (0.97, 0.96, 0.94, 0.93, 0.93, 0.95)
# Days from one stage to the next: (low, high).
STAGE_GAP_DAYS = ((5, 20), (10, 35), (20, 45), (25, 50), (25, 50), (7, 25))

_NAME_A = (
    "Shakti",
    "Ganga",
    "Sri Lakshmi",
    "Kaveri",
    "Bharat",
    "Surya",
    "Vijay",
    "Anand",
    "Prakash",
    "Omkar",
    "Navin",
    "Amrit",
    "Deccan",
    "Sagar",
    "Jyoti",
    "Kiran",
    "Nirmal",
    "Pragati",
    "Sunrise",
    "Vikas",
    "Uday",
    "Meera",
    "Tara",
    "Devi",
)
_SECTOR_WORD = {
    "Auto components": ("Auto Parts", "Components", "Precision Auto", "Motor Parts"),
    "Light engineering": ("Engineering Works", "Fabricators", "Metal Works", "Electricals"),
    "Engineering": ("Engineering", "Castings", "Machine Works", "Precision Tools"),
    "Forging": ("Forgings", "Forge", "Auto Forgings", "Steel Forge"),
    "Garments": ("Garments", "Knit Fabs", "Apparels", "Clothing"),
    "Leather": ("Leathers", "Leather Goods", "Footwear", "Tannery Products"),
    "Seafood processing": ("Seafoods", "Marine Exports", "Aqua Foods", "Sea Products"),
}
_SUFFIX = ("Pvt Ltd", "Industries", "& Co.", "Enterprises", "Ltd")


def _period_codes() -> list[Period]:
    return period_range(FIRST_PERIOD, LAST_PERIOD)


def data_cutoff(convention: Convention) -> date:
    """Last day covered by the demo data."""
    return LAST_PERIOD.end(convention)


def build_demo(
    seed: int = DEFAULT_SEED, scale: float = 1.0, convention: Convention = "calendar"
) -> dict[str, pd.DataFrame]:
    """Every importable table of the demo dataset, keyed by table name."""
    if scale <= 0:
        raise ValueError(f"scale must be positive, got {scale}")
    rng = np.random.default_rng(seed)
    cutoff = data_cutoff(convention)
    frames: dict[str, pd.DataFrame] = {}
    frames["periods"] = _periods(convention)
    frames["states"] = _states()
    frames["modules"] = pd.DataFrame(
        {
            "module": [m for m, _ in dd.MODULES],
            "name": [n for _, n in dd.MODULES],
            "sequence": list(range(1, len(dd.MODULES) + 1)),
            "mandatory": [m == "M1" for m, _ in dd.MODULES],
        }
    )
    frames["clusters"] = pd.DataFrame(
        {
            "cluster": [c.name for c in CLUSTERS],
            "city": [c.city for c in CLUSTERS],
            "district": [c.district for c in CLUSTERS],
            "state": [c.state for c in CLUSTERS],
            "sector": [c.sector for c in CLUSTERS],
            "latitude": [c.latitude for c in CLUSTERS],
            "longitude": [c.longitude for c in CLUSTERS],
            "phase": [c.phase for c in CLUSTERS],
        }
    )
    frames["partners"] = _partners(convention)
    frames["trainers"], frames["trainer_modules"] = _trainers(rng, frames["partners"])
    frames["enterprises"], workers = _enterprises(rng, scale, convention, cutoff)
    frames["enrolments"] = _enrolments(
        rng, frames["enterprises"], frames["trainers"], frames["trainer_modules"], cutoff
    )
    share = _women_share(rng, frames["enterprises"])
    frames["participation"] = _participation(rng, frames["enrolments"], share)
    frames["team_members"] = _team_members(rng, frames["enrolments"], share)
    frames["workforce"] = _workforce(rng, frames["enterprises"], workers, share, convention)
    frames["kpi_definitions"] = pd.DataFrame(
        list(dd.KPIS),
        columns=["kpi", "name", "unit", "better", "plausible_min", "plausible_max"],
    )
    frames["kpi_observations"] = _kpi_observations(
        rng, frames["enrolments"], workers, convention, cutoff
    )
    frames["activities"] = _activities(rng, frames["partners"], convention, scale)
    frames["indicators"], frames["targets"] = _logframe()
    for name, frame in frames.items():
        table = dd.TABLES_BY_NAME[name]
        frames[name] = frame[table.column_names].reset_index(drop=True)
    return frames


def _ts(values: list[date | None]) -> np.ndarray:
    """Dates as a datetime64 array: assigned by position, whatever the frame's index."""
    return pd.to_datetime(pd.Series(values, dtype="object")).to_numpy()


def _periods(convention: Convention) -> pd.DataFrame:
    periods = _period_codes()
    # Review meetings: about six weeks after each half-year ends.
    return pd.DataFrame(
        {
            "period": [p.code for p in periods],
            "start_date": _ts([p.start(convention) for p in periods]),
            "end_date": _ts([p.end(convention) for p in periods]),
            "review_date": _ts([p.end(convention) + timedelta(days=45) for p in periods]),
        }
    )


def _states() -> pd.DataFrame:
    states = load_states()
    return pd.DataFrame({"state": states["code"], "name": states["name"]})


def _partners(convention: Convention) -> pd.DataFrame:
    rows: list[tuple[str, str, str, str, date | None, bool]] = [
        (
            "P-NCC",
            "National Coordination Centre for SCORE (illustrative)",
            "employers' organisation",
            "IN-DL",
            date(2014, 8, 5),
            True,
        ),
        (
            "P-EMP",
            "All-India employers' body (illustrative)",
            "employers' organisation",
            "IN-DL",
            date(2011, 3, 1),
            False,
        ),
    ]
    for i, cluster in enumerate(CLUSTERS, start=1):
        mou = cluster.start.start(convention) + timedelta(days=20)
        rows.append(
            (
                f"P-IA{i:02d}",
                f"{cluster.name} industries association (illustrative)",
                "industry association",
                cluster.state,
                mou,
                i % 3 != 0,
            )
        )
    rows += [
        (
            "P-TI1",
            "Delhi productivity training institute (illustrative)",
            "training institution",
            "IN-DL",
            date(2011, 2, 1),
            True,
        ),
        (
            "P-TI2",
            "Chennai management training institute (illustrative)",
            "training institution",
            "IN-TN",
            date(2013, 9, 1),
            True,
        ),
        (
            "P-TI3",
            "Pune engineering training institute (illustrative)",
            "training institution",
            "IN-MH",
            date(2014, 9, 1),
            False,
        ),
        (
            "P-GT1",
            "Regional productivity council (illustrative)",
            "government training body",
            "IN-TN",
            date(2015, 1, 15),
            True,
        ),
        (
            "P-GT2",
            "State MSME training institute (illustrative)",
            "government training body",
            "IN-AP",
            None,
            False,
        ),
        (
            "P-LB1",
            "Automotive lead buyer (illustrative)",
            "lead buyer",
            "IN-TN",
            date(2015, 2, 1),
            False,
        ),
        (
            "P-LB2",
            "Garment brand buyer (illustrative)",
            "lead buyer",
            "IN-TN",
            date(2015, 6, 1),
            False,
        ),
        ("P-LB3", "Seafood exporter (illustrative)", "lead buyer", "IN-AP", None, False),
    ]
    frame = pd.DataFrame(
        rows, columns=["partner", "name", "type", "state", "mou_date", "embeds_score"]
    )
    frame["mou_date"] = _ts(list(frame["mou_date"]))
    return frame


_TRAINER_HOME = {  # region -> training partners whose trainers serve it
    "north": ("P-TI1", "P-NCC"),
    "south": ("P-TI2", "P-GT1"),
    "west": ("P-TI3",),
    "east": ("P-GT2",),
}
_REGION = {
    "IN-HR": "north",
    "IN-DL": "north",
    "IN-TN": "south",
    "IN-KA": "south",
    "IN-MH": "west",
    "IN-AP": "east",
}


def _trainers(
    rng: np.random.Generator, partners: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    plan = (("north", 16, 2011), ("south", 16, 2013), ("west", 7, 2014), ("east", 6, 2015))
    rows, modules = [], []
    number = 0
    for region, count, first_year in plan:
        homes = _TRAINER_HOME[region]
        # About a quarter of trainers are women (SCORE India: 13% of partner staff trained,
        # 37% of trainers globally in Phase III).
        women = round(count * 0.25)
        sexes = rng.permutation(["female"] * women + ["male"] * (count - women))
        for i in range(count):
            number += 1
            code = f"T{number:03d}"
            sex = str(sexes[i])
            draw = rng.random()
            level = "expert" if draw < 0.1 else "certified" if draw < 0.68 else "candidate"
            start = date(first_year, 1, 1) + timedelta(days=int(rng.integers(0, 700)))
            level_date = start + timedelta(days=int(rng.integers(120, 500)))
            rows.append((code, homes[i % len(homes)], sex, level, level_date))
            if level != "candidate":
                extra = rng.choice(
                    ["M2", "M3", "M4", "M5"], size=int(rng.integers(1, 3)), replace=False
                )
                for offset, module in enumerate(["M1", *sorted(extra)]):
                    modules.append((code, module, level_date + timedelta(days=60 * offset)))
    trainers = pd.DataFrame(rows, columns=["trainer", "partner", "sex", "level", "level_date"])
    trainers["level_date"] = _ts(list(trainers["level_date"]))
    certified = pd.DataFrame(modules, columns=["trainer", "module", "certified_date"])
    certified["certified_date"] = _ts(list(certified["certified_date"]))
    return trainers, certified


def _enterprises(
    rng: np.random.Generator, scale: float, convention: Convention, cutoff: date
) -> tuple[pd.DataFrame, np.ndarray]:
    """The enterprises, and the number of workers of each when it joined."""
    rows = []
    number = 0
    last_join = LAST_PERIOD.previous().end(convention)
    buyers = {
        "Chennai": ("P-LB1", 0.35),
        "Coimbatore": ("P-LB1", 0.3),
        "Tiruppur": ("P-LB2", 0.4),
        "Visakhapatnam": ("P-LB3", 0.45),
    }
    for index, cluster in enumerate(CLUSTERS, start=1):
        association = f"P-IA{index:02d}"
        first_day = cluster.start.start(convention)
        span = max((last_join - first_day).days, 30)
        for _ in range(max(1, round(cluster.enterprises * scale))):
            number += 1
            sector_words = _SECTOR_WORD[cluster.sector]
            name = (
                f"{_NAME_A[int(rng.integers(len(_NAME_A)))]} "
                f"{sector_words[int(rng.integers(len(sector_words)))]} "
                f"{_SUFFIX[int(rng.integers(len(_SUFFIX)))]} (fictional)"
            )
            # Recruitment is front-loaded: most enterprises join in the cluster's first years.
            joined = first_day + timedelta(days=int(span * rng.beta(1.3, 2.2)))
            buyer, buyer_p = buyers.get(cluster.name, ("", 0.0))
            rows.append(
                {
                    "enterprise": f"E{number:05d}",
                    "name": name,
                    "cluster": cluster.name,
                    "sector": cluster.sector,
                    "latitude": round(cluster.latitude + rng.normal(0, 0.05), 4),
                    "longitude": round(cluster.longitude + rng.normal(0, 0.05), 4),
                    "women_owned": bool(rng.random() < 0.08),
                    "association": association if rng.random() < 0.72 else None,
                    "lead_buyer": buyer if buyer and rng.random() < buyer_p else None,
                    "joined_date": min(joined, cutoff),
                }
            )
    frame = pd.DataFrame(rows)
    frame["joined_date"] = _ts(list(frame["joined_date"]))
    sizes = _size_of(rng, len(frame))
    frame["size_band"] = pd.cut(
        sizes, bins=[0, 49, 99, 199, 10_000], labels=list(dd.SIZE_BANDS)
    ).astype(str)
    return frame, sizes


def _size_of(rng: np.random.Generator, n: int) -> np.ndarray:
    """Workers at joining: log-normal around 70, within 30-300."""
    return np.clip(np.round(np.exp(rng.normal(np.log(70), 0.55, n))), 30, 300).astype(int)


def _women_share(rng: np.random.Generator, enterprises: pd.DataFrame) -> np.ndarray:
    bounds = {c.name: c.women_share for c in CLUSTERS}
    low = enterprises["cluster"].map(lambda c: bounds[c][0]).to_numpy()
    high = enterprises["cluster"].map(lambda c: bounds[c][1]).to_numpy()
    share = low + (high - low) * rng.random(len(enterprises))
    # Women-owned enterprises employ somewhat more women.
    return np.clip(share + 0.08 * enterprises["women_owned"].to_numpy(), 0, 0.9)


def _enrolments(
    rng: np.random.Generator,
    enterprises: pd.DataFrame,
    trainers: pd.DataFrame,
    trainer_modules: pd.DataFrame,
    cutoff: date,
) -> pd.DataFrame:
    certified = trainer_modules.merge(trainers[["trainer", "partner"]], on="trainer")
    partner_region = {p: r for r, ps in _TRAINER_HOME.items() for p in ps}
    certified["region"] = certified["partner"].map(partner_region)
    pools = {key: list(group["trainer"]) for key, group in certified.groupby(["region", "module"])}
    cluster_region = {c.name: _REGION[c.state] for c in CLUSTERS}
    cluster_fee_year = {c.name: c.start.year for c in CLUSTERS}
    rows = []
    for ent in enterprises.itertuples(index=False):
        region = cluster_region[ent.cluster]
        joined = ent.joined_date.date()
        start = joined + timedelta(days=int(rng.integers(0, 30)))
        modules = ["M1"] + [m for m, p in MODULE_UPTAKE.items() if rng.random() < p]
        previous_classroom: date | None = None
        for module in modules:
            if module != "M1":
                if previous_classroom is None:
                    break  # no later module without Module 1's classroom
                start = previous_classroom + timedelta(days=int(rng.integers(30, 240)))
            if start > cutoff:
                break
            pool = pools.get((region, module)) or pools.get((region, "M1")) or [None]
            trainer = pool[int(rng.integers(len(pool)))]
            stages = _stage_dates(rng, start, cutoff)
            if module == "M1":
                previous_classroom = stages["classroom_date"]
            year = start.year
            fee = None
            if rng.random() < 0.9:
                fee = float(round(rng.uniform(12_000, 30_000) * (1 + 0.08 * (year - 2011)), -2))
            share = float(
                np.clip(
                    rng.normal(
                        15 + 5 * (year - cluster_fee_year[ent.cluster]) + 3 * (year - 2011), 6
                    ),
                    0,
                    100,
                )
            )
            satisfied = None
            if stages["completed_date"] is not None and rng.random() < 0.7:
                satisfied = float(round(np.clip(rng.normal(88, 7), 40, 100)))
            rows.append(
                {
                    "enterprise": ent.enterprise,
                    "module": module,
                    "trainer": trainer,
                    **stages,
                    "fee_paid_inr": fee,
                    "cost_share_non_ilo_pct": round(share, 1),
                    "satisfaction_pct": satisfied,
                }
            )
    frame = pd.DataFrame(rows)
    for column in [c for c in frame.columns if c.endswith("_date")]:
        frame[column] = _ts(list(frame[column]))
    return frame


def _stage_dates(rng: np.random.Generator, enrolled: date, cutoff: date) -> dict[str, date | None]:
    first, *later = dd.STAGE_DATES
    dates: dict[str, date | None] = {first: enrolled, "dropped_date": None}
    current = enrolled
    stopped = False
    for name, keep, (low, high) in zip(later, STAGE_RETENTION, STAGE_GAP_DAYS, strict=True):
        candidate = current + timedelta(days=int(rng.integers(low, high)))
        if stopped or candidate > cutoff:
            dates[name] = None
            stopped = True
            continue
        if rng.random() > keep:
            dropped = current + timedelta(days=int(rng.integers(30, 120)))
            dates["dropped_date"] = dropped if dropped <= cutoff else None
            dates[name] = None
            stopped = True
            continue
        dates[name] = candidate
        current = candidate
    return dates


def _split(rng: np.random.Generator, total: np.ndarray, share: np.ndarray) -> np.ndarray:
    return rng.binomial(total.astype(int), np.clip(share, 0, 1))


def _participation(
    rng: np.random.Generator, enrolments: pd.DataFrame, share: np.ndarray
) -> pd.DataFrame:
    attended = enrolments[enrolments["classroom_date"].notna()].copy()
    index = attended["enterprise"].str[1:].astype(int).to_numpy() - 1
    parts = []
    for role, factor in (("manager", 0.45), ("worker", 0.85)):
        people = rng.choice([1, 2, 2, 2, 3], size=len(attended))
        female = _split(rng, people, share[index] * factor)
        parts.append(
            pd.DataFrame(
                {
                    "enterprise": attended["enterprise"].to_numpy(),
                    "module": attended["module"].to_numpy(),
                    "role": role,
                    "female": female,
                    "male": people - female,
                }
            )
        )
    return pd.concat(parts).sort_values(["enterprise", "module", "role"])


def _team_members(
    rng: np.random.Generator, enrolments: pd.DataFrame, share: np.ndarray
) -> pd.DataFrame:
    m1 = enrolments[(enrolments["module"] == "M1") & enrolments["classroom_date"].notna()]
    index = m1["enterprise"].str[1:].astype(int).to_numpy() - 1
    parts = []
    for role, (low, high), factor in (("manager", (2, 5), 0.5), ("worker", (3, 7), 0.95)):
        people = rng.integers(low, high, size=len(m1))
        female = _split(rng, people, share[index] * factor)
        parts.append(
            pd.DataFrame(
                {
                    "enterprise": m1["enterprise"].to_numpy(),
                    "role": role,
                    "female": female,
                    "male": people - female,
                }
            )
        )
    return pd.concat(parts).sort_values(["enterprise", "role"])


def _workforce(
    rng: np.random.Generator,
    enterprises: pd.DataFrame,
    workers: np.ndarray,
    share: np.ndarray,
    convention: Convention,
) -> pd.DataFrame:
    sizes = workers
    periods = _period_codes()
    first = enterprises["joined_date"].map(lambda d: period_of(d.date(), convention))
    grid = []
    for i, start in enumerate(first):
        for step, period in enumerate(p for p in periods if p >= start):
            grid.append((i, step, period.code))
    g = pd.DataFrame(grid, columns=["i", "step", "period"])
    growth = rng.normal(0.015, 0.03, len(enterprises))  # per half-year
    base = sizes[g["i"]] * np.power(1 + growth[g["i"]], g["step"])
    base = base * rng.normal(1, 0.02, len(g))
    reported = rng.random(len(g)) > 0.08
    reported[g["step"].to_numpy() == 0] = True  # the baseline headcount is always reported
    g, base = g[reported], base[reported]
    parts = []
    role_share = {"manager": 0.09, "worker": 0.91}
    women_factor = {"manager": 0.45, "worker": 1.05}
    contract_share = rng.uniform(0.15, 0.45, len(enterprises))
    for role in ("manager", "worker"):
        for employment in ("permanent", "contract"):
            part_share = (
                contract_share[g["i"]] if employment == "contract" else (1 - contract_share[g["i"]])
            )
            total = np.maximum(np.round(base * role_share[role] * part_share), 0).astype(int)
            if role == "manager":
                total = np.where(employment == "permanent", np.maximum(total, 1), total // 3)
            female = _split(rng, total, share[g["i"]] * women_factor[role]).astype(float)
            male = (total - female).astype(float)
            # Disaggregation gaps: sex not reported, or not adding up to the total.
            missing = rng.random(len(g)) < 0.03
            female[missing] = np.nan
            male[missing] = np.nan
            off = (rng.random(len(g)) < 0.01) & ~missing & (male > 0)
            male[off] = male[off] - 1
            parts.append(
                pd.DataFrame(
                    {
                        "enterprise": enterprises["enterprise"].to_numpy()[g["i"]],
                        "period": g["period"].to_numpy(),
                        "role": role,
                        "employment": employment,
                        "total": total,
                        "female": pd.array(female, dtype="Int64"),
                        "male": pd.array(male, dtype="Int64"),
                    }
                )
            )
    frame = pd.concat(parts)
    return frame.sort_values(["enterprise", "period", "role", "employment"])


_KPI_EFFECT = {  # mean and spread of the relative change at full effect (3 half-years)
    # Published: productivity "up to +50 %", 64 % of Indian enterprises fewer defects,
    # 31 % fewer accidents, energy -27 % and waste -40 % on average.
    "productivity": (0.18, 0.20),
    "defect_rate": (-0.15, 0.40),
    "accidents": (-0.20, 0.30),
    "days_lost": (-0.20, 0.40),
    "energy_per_unit": (-0.27, 0.25),
    "waste": (-0.40, 0.30),
    "absenteeism": (-0.15, 0.25),
    "labour_turnover": (-0.12, 0.25),
}


def _kpi_observations(
    rng: np.random.Generator,
    enrolments: pd.DataFrame,
    workers: np.ndarray,
    convention: Convention,
    cutoff: date,
) -> pd.DataFrame:
    m1 = enrolments[(enrolments["module"] == "M1") & enrolments["baseline_date"].notna()]
    periods = _period_codes()
    grid = []
    for row in m1.itertuples(index=False):
        baseline = period_of(row.baseline_date.date(), convention)
        # Reports continue while the enterprise stays in the programme.
        stop = LAST_PERIOD
        if pd.notna(row.dropped_date):
            stop = period_of(row.dropped_date.date(), convention)
        for step, period in enumerate(p for p in periods if baseline <= p <= stop):
            grid.append((row.enterprise, step, period.code, period.end(convention)))
    g = pd.DataFrame(grid, columns=["enterprise", "step", "period", "period_end"])
    index = g["enterprise"].str[1:].astype(int).to_numpy() - 1
    size = workers[index].astype(float)
    n_ent = len(workers)
    ramp = np.minimum(g["step"].to_numpy() / 3.0, 1.0)
    # One report per enterprise and half-year carries every KPI: one delay for all of them.
    report_delay = rng.gamma(3.0, 10.0, len(g)).astype(int) + 5
    parts = []
    for code, _name, _unit, _better, low, high in dd.KPIS:
        # One baseline per enterprise, carried along its own half-years.
        baseline = _kpi_baseline(rng, code, workers.astype(float))[index]
        if code in _KPI_EFFECT:
            mean, spread = _KPI_EFFECT[code]
            effect = rng.normal(mean, spread, n_ent)[index]
            value = baseline * (1 + effect * ramp) * rng.normal(1, 0.04, len(g))
        elif code == "cost_savings":
            value = baseline + ramp * size * rng.uniform(0.5, 5.0, n_ent)[index]
            value = value * np.where(rng.random(n_ent) < 0.08, 0.0, 1.0)[index] + baseline * (
                1 - ramp
            )
        elif code in ("suggestions_made", "suggestions_implemented"):
            rate = rng.uniform(0.2, 1.6, n_ent)[index]
            value = baseline + ramp * size * rate
            if code == "suggestions_implemented":
                value = value * rng.uniform(0.35, 0.7, n_ent)[index]
        else:  # eit_meetings
            value = baseline + ramp * rng.uniform(4, 22, n_ent)[index]
        if code in (
            "accidents",
            "days_lost",
            "suggestions_made",
            "suggestions_implemented",
            "eit_meetings",
        ):
            value = np.round(value)
        else:
            value = np.round(value, 2)
        value = np.maximum(value, 0.0)
        # A few implausible entries (typing errors), for the data-quality checks.
        outlier = rng.random(len(g)) < 0.003
        value = np.where(outlier, np.round(high * rng.uniform(2, 5, len(g)), 2), value)
        parts.append(
            pd.DataFrame(
                {
                    "enterprise": g["enterprise"],
                    "kpi": code,
                    "period": g["period"],
                    "value": value,
                    "is_baseline": g["step"].to_numpy() == 0,
                    "reported_date": [
                        min(end + timedelta(days=int(d)), cutoff + timedelta(days=60))
                        for end, d in zip(g["period_end"], report_delay, strict=True)
                    ],
                }
            )
        )
        del low
    frame = pd.concat(parts)
    # About 10 % of expected reports are missing (never the baseline).
    keep = frame["is_baseline"].to_numpy() | (rng.random(len(frame)) > 0.10)
    frame = frame[keep].copy()
    frame["reported_date"] = _ts(list(frame["reported_date"]))
    return frame.sort_values(["enterprise", "kpi", "period"])


def _kpi_baseline(rng: np.random.Generator, code: str, size: np.ndarray) -> np.ndarray:
    n = len(size)
    if code == "productivity":
        return np.full(n, 100.0)
    if code == "defect_rate":
        return rng.uniform(2, 12, n)
    if code == "cost_savings":
        return rng.uniform(0, 20, n)
    if code == "accidents":
        # Small counts: many enterprises report the same number before and after, so only
        # about a third show fewer accidents (ILO India 2016: 31 %).
        return rng.poisson(size / 20).astype(float)
    if code == "days_lost":
        return (rng.poisson(size / 25) + 1) * rng.uniform(2, 8, n)
    if code == "energy_per_unit":
        return rng.uniform(0.5, 20, n)
    if code == "waste":
        return size * rng.uniform(0.02, 0.2, n)
    if code == "absenteeism":
        return rng.uniform(4, 12, n)
    if code == "labour_turnover":
        return rng.uniform(5, 25, n)
    if code in ("suggestions_made", "suggestions_implemented"):
        return rng.poisson(2, n).astype(float)
    return rng.integers(0, 3, n).astype(float)  # eit_meetings


_ACTIVITY_TITLES = {
    "media item": "Newspaper feature on workplace cooperation in {city}",
    "labour inspector training": "Labour inspectors' orientation on SCORE practices, {city}",
    "promotion event": "SCORE information session for members, {city}",
    "case study": "Good-practice case study: enterprise in {city}",
    "workshop": "Stakeholder workshop on productivity and decent work, {city}",
    "partner staff training": "Training of partner staff on SCORE services, {city}",
}


def _activities(
    rng: np.random.Generator, partners: pd.DataFrame, convention: Convention, scale: float
) -> pd.DataFrame:
    rows = []
    number = 0
    partner_of = dict(zip(partners["state"], partners["partner"], strict=False))
    for period in _period_codes():
        active = [c for c in CLUSTERS if c.start <= period]
        plan = {
            "media item": rng.integers(1, 4) + len(active) // 3,
            "labour inspector training": rng.integers(0, 2) + (1 if len(active) > 4 else 0),
            "promotion event": rng.integers(1, 3) + len(active) // 2,
            "case study": rng.integers(0, 2),
            "workshop": rng.integers(0, 2),
            "partner staff training": rng.integers(0, 2),
        }
        for kind, count in plan.items():
            for _ in range(int(count)):
                number += 1
                cluster = active[int(rng.integers(len(active)))]
                day = period.start(convention) + timedelta(days=int(rng.integers(0, 180)))
                if kind in ("labour inspector training", "partner staff training"):
                    people = int(rng.integers(12, 31))
                    female = int(rng.binomial(people, 0.17))
                    reach = people
                elif kind in ("promotion event", "workshop"):
                    people = int(rng.integers(25, 120))
                    female = int(rng.binomial(people, 0.2))
                    reach = people
                else:
                    people, female = 0, 0
                    reach = (
                        int(rng.integers(5_000, 200_000))
                        if kind == "media item"
                        else (int(rng.integers(300, 3_000)))
                    )
                partner: str | None  # optional: an activity may have no organiser
                if kind == "promotion event":
                    partner = f"P-IA{CLUSTERS.index(cluster) + 1:02d}"
                else:
                    partner = partner_of.get(cluster.state)
                rows.append(
                    {
                        "activity": f"A{number:04d}",
                        "type": kind,
                        "title": _ACTIVITY_TITLES[kind].format(city=cluster.city),
                        "activity_date": day,
                        "state": cluster.state,
                        "partner": partner,
                        "participants_female": female,
                        "participants_male": people - female,
                        "reach": reach,
                    }
                )
    frame = pd.DataFrame(rows)
    frame["activity_date"] = _ts(list(frame["activity_date"]))
    del scale
    return frame


# Logframe: (code, objective, name, unit, baseline, end target, first target period,
# target in the first period, step per half-year).
_LOGFRAME = (
    ("enterprises_trained", 0, "Enterprises trained", "enterprises", 0, 240, 20, 20),
    ("module_completions", 0, "Modules completed", "enrolments", 0, 420, 20, 35),
    ("associations_mou", 1, "Associations with an MoU", "institutions", 0, 11, 1, 1),
    (
        "enterprises_via_associations",
        1,
        "Enterprises recruited by associations",
        "enterprises",
        0,
        180,
        15,
        15,
    ),
    ("promotion_events", 1, "Promotion events", "events", 0, 60, 2, 5),
    ("institutions_embedding", 2, "Institutions embedding SCORE", "institutions", 0, 8, 1, 0.6),
    ("trainers_certified", 2, "Certified trainers", "trainers", 0, 32, 2, 2.5),
    ("cost_share_non_ilo", 2, "Share of training cost not paid by the ILO", "%", 10, 50, 12, 3),
    ("inspectors_trained", 3, "Labour inspectors trained", "people", 0, 300, 10, 22),
    ("media_items", 3, "Media items", "items", 0, 70, 2, 5),
)


def _logframe() -> tuple[pd.DataFrame, pd.DataFrame]:
    periods = _period_codes()
    indicators = pd.DataFrame(
        [
            (code, objective, name, unit, float(baseline), float(end), LAST_PERIOD.code)
            for code, objective, name, unit, baseline, end, _first, _step in _LOGFRAME
        ],
        columns=["indicator", "objective", "name", "unit", "baseline", "end_target", "end_period"],
    )
    rows = []
    for code, _objective, _name, unit, _baseline, end, first, step in _LOGFRAME:
        for i, period in enumerate(periods):
            value = min(first + step * i, end)
            # Counts of institutions, people or events are whole numbers.
            value = round(value, 1) if unit == "%" else float(round(value))
            rows.append((code, period.code, float(value)))
    targets = pd.DataFrame(rows, columns=["indicator", "period", "value"])
    return indicators, targets
