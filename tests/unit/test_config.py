"""Settings: environment first, then secrets, then defaults; bad values named."""

import tomllib
from pathlib import Path

import pytest

from score_dash.config import ROOT, SETTINGS, UPLOAD_ENV, ConfigError, load_config, upload_limit_mb


def test_defaults_point_at_the_embedded_sqlite_file(monkeypatch, tmp_path):
    for setting in SETTINGS:
        monkeypatch.delenv(setting.env, raising=False)
    config = load_config(tmp_path / "none.toml")
    assert config.db_url.startswith("sqlite:///") and config.db_url.endswith("data/score.db")
    assert config.period_convention == "calendar"
    assert config.min_cell == 3 and config.small_n == 5


def test_environment_wins_over_secrets(monkeypatch, tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('SCORE_DB_URL = "sqlite:///from-secrets.db"\nscore_min_cell = 7\n')
    monkeypatch.delenv("SCORE_MIN_CELL", raising=False)
    monkeypatch.delenv("SCORE_DB_URL", raising=False)
    config = load_config(secrets)
    assert config.db_url == "sqlite:///from-secrets.db"
    assert config.min_cell == 7
    monkeypatch.setenv("SCORE_DB_URL", "sqlite:///from-env.db")
    assert load_config(secrets).db_url == "sqlite:///from-env.db"


@pytest.mark.parametrize(
    ("env", "value", "message"),
    [
        ("SCORE_PERIOD_CONVENTION", "lunar", "calendar' or 'fiscal"),
        ("SCORE_MIN_CELL", "three", "whole number"),
        ("SCORE_SMALL_N", "0", "at least 1"),
    ],
)
def test_bad_values_are_refused_with_the_setting_named(monkeypatch, tmp_path, env, value, message):
    monkeypatch.setenv(env, value)
    with pytest.raises(ConfigError, match=message) as info:
        load_config(tmp_path / "none.toml")
    assert env in str(info.value)


def test_readme_documents_every_setting():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    for setting in SETTINGS:
        assert setting.env in readme, setting.env


def test_the_upload_limit_is_streamlits_own_setting(monkeypatch, tmp_path):
    monkeypatch.delenv(UPLOAD_ENV, raising=False)
    shipped = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert load_config(tmp_path / "none.toml").upload_max_mb == shipped["server"]["maxUploadSize"]
    other = tmp_path / "config.toml"
    other.write_text("[server]\nmaxUploadSize = 7\n")
    assert upload_limit_mb(other) == 7
    monkeypatch.setenv(UPLOAD_ENV, "3")
    assert upload_limit_mb(other) == 3 and load_config(tmp_path / "none.toml").upload_max_mb == 3


@pytest.mark.parametrize("env", ["SCORE_AUTO_DEMO", "SCORE_ALLOW_ANONYMOUS"])
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("False", False),
        ("off", False),
        ("NO", False),
        ("0", False),
        (" true ", True),
        ("On", True),
        ("YES", True),
        ("1", True),
    ],
)
def test_a_yes_no_setting_reads_every_usual_word_in_any_case(
    monkeypatch, tmp_path, env, value, expected
):
    monkeypatch.setenv(env, value)
    config = load_config(tmp_path / "none.toml")
    attribute = {"SCORE_AUTO_DEMO": "auto_demo", "SCORE_ALLOW_ANONYMOUS": "allow_anonymous"}
    assert getattr(config, attribute[env]) is expected


@pytest.mark.parametrize("env", ["SCORE_AUTO_DEMO", "SCORE_ALLOW_ANONYMOUS"])
@pytest.mark.parametrize("value", ["ja", "2", "nein", "False!"])
def test_an_unknown_yes_no_value_is_refused_naming_the_setting_and_the_value(
    monkeypatch, tmp_path, env, value
):
    monkeypatch.setenv(env, value)
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "none.toml")
    assert env in str(info.value) and repr(value) in str(info.value)
