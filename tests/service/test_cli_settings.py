"""A wrong setting ends any command with exit code 2 and one French line naming the setting, the
value refused and what it accepts; never a traceback, a Python error's name or pydantic's English."""
from __future__ import annotations

import os
import re

import pytest
from typer.testing import CliRunner

from config.settings import Settings, load_settings, ConfigError
from service.cli import app

ENGLISH = re.compile(r"Input should|Error\b|expected|Traceback|cannot|unable|must be|not found")


@pytest.fixture
def clean_env(tmp_path, monkeypatch):
    for name in list(os.environ):
        if name.startswith("FABRIQUE_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("FABRIQUE_DATA_DIR", str(tmp_path / "data"))
    return monkeypatch


def one_line_refusal(env: dict[str, str]) -> str:
    result = CliRunner().invoke(app, ["status"], env=env)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert not ENGLISH.search(re.sub(r"/\S+", "", lines[0])), lines[0]  # paths aside
    assert lines[0].startswith("Configuration invalide — "), lines[0]
    return lines[0]


@pytest.mark.parametrize("name, value, says", [
    ("FABRIQUE_IMAP_PORT", "abc", "un nombre entier de 1 à 65535"),
    ("FABRIQUE_SMTP_PORT", "99999", "un nombre entier de 1 à 65535"),
    ("FABRIQUE_POLL_INTERVAL", "-5", "un nombre entier d’au moins 1"),
    ("FABRIQUE_POLL_INTERVAL", "souvent", "un nombre entier d’au moins 1"),
    ("FABRIQUE_EXTRACTION_TIMEOUT", "0", "un nombre supérieur à 0"),
    ("FABRIQUE_IMAP_SECURITY", "tls", "l’une des valeurs ssl, starttls ou none"),
    ("FABRIQUE_SMTP_SAVES_SENT", "peut-être", "true ou false"),
    ("FABRIQUE_DIGEST_AT", "8h", "HH:MM"),
    ("FABRIQUE_FROM", "fabrique.anact.fr", "une adresse électronique est attendue"),
    ("FABRIQUE_FROM", "Fabrique CTO", "une adresse électronique est attendue"),
    ("FABRIQUE_DIGEST_TO", "equipe@anact.fr, direction", "« direction » n’est pas une adresse"),
    ("FABRIQUE_TIMEZONE", "Paris", "Europe/Paris"),
])
def test_a_wrong_value_is_named_with_what_is_accepted(clean_env, name, value, says):
    line = one_line_refusal({name: value})
    assert f"{name} = « {value} » refusé" in line
    assert says in line


def test_an_unknown_call_lists_the_calls_available(clean_env):
    line = one_line_refusal({"FABRIQUE_CALL": "appel-2031"})
    assert "FABRIQUE_CALL = « appel-2031 » refusé : appel inconnu" in line
    assert "appels disponibles" in line and "fabrique-cto-2022" in line


def test_xoauth2_without_a_token_provider_says_which_setting_is_missing(clean_env):
    line = one_line_refusal({"FABRIQUE_SMTP_AUTH": "xoauth2"})
    assert "FABRIQUE_SMTP_AUTH=xoauth2 demande FABRIQUE_OAUTH_PROVIDER (microsoft, google, command ou file)" in line


def test_a_secret_refused_is_not_repeated(clean_env):
    with pytest.raises(ConfigError) as refused:
        load_settings(imap_password=["motdepasse-secret"])
    assert "motdepasse-secret" not in str(refused.value) and "FABRIQUE_IMAP_PASSWORD" in str(refused.value)


def test_a_data_dir_that_cannot_be_made_is_named_not_the_database(clean_env, tmp_path):
    blocker = tmp_path / "un-fichier"
    blocker.write_text("x")
    line = one_line_refusal({"FABRIQUE_DATA_DIR": str(blocker / "donnees")})
    assert f"FABRIQUE_DATA_DIR = {blocker / 'donnees'} : dossier impossible à créer ou à écrire" in line
    assert "un élément du chemin est un fichier" in line and "DATABASE_URL" not in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root écrit partout : le cas du fichier ci-dessus couvre le refus")
def test_a_data_dir_without_write_permission_is_named(clean_env, tmp_path):
    locked = tmp_path / "verrou"
    locked.mkdir(mode=0o500)
    line = one_line_refusal({"FABRIQUE_DATA_DIR": str(locked)})
    assert "FABRIQUE_DATA_DIR" in line and "permission refusée" in line


def test_a_database_url_of_no_known_kind_is_a_configuration_error(clean_env):
    line = one_line_refusal({"FABRIQUE_DATABASE_URL": "oracle+cx://intake:motdepasse@db/intake"})
    assert "FABRIQUE_DATABASE_URL = oracle+cx://intake:***@db/intake : type de base non pris en charge" in line
    assert "motdepasse" not in line


def test_every_setting_is_documented_and_says_what_it_accepts():
    for name, field in Settings.model_fields.items():
        assert field.description and len(field.description) > 8, name


def test_the_config_file_gives_the_sender_too_and_its_errors_name_the_setting(clean_env, tmp_path):
    config = tmp_path / "fabrique.toml"
    config.write_text('from = "Appels Anact <appels@anact.fr>"\npoll_interval = 300\n', encoding="utf-8")
    clean_env.setenv("FABRIQUE_CONFIG", str(config))
    settings = load_settings()
    assert (settings.from_address, settings.poll_interval) == ("Appels Anact <appels@anact.fr>", 300)
    clean_env.setenv("FABRIQUE_FROM", "Env <env@anact.fr>")  # the environment wins
    assert load_settings().from_address == "Env <env@anact.fr>"
    config.write_text("poll_interval = 0\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="FABRIQUE_POLL_INTERVAL = « 0 » refusé ; valeur attendue : un nombre "
                                          "entier d’au moins 1"):
        load_settings()
