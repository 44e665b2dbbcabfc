"""Settings: layered sources, provider naming, and the production guard rails."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from sergas.env import load_env, provider_name_from_base_url

ROOT = Path(__file__).resolve().parents[2]
STRONG_SECRET = secrets.token_urlsafe(50)


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


class TestPrecedence:
    def test_process_env_beats_env_local_beats_env_beats_default(self, tmp_path):
        write(tmp_path / ".env", "CLAUDE_MODEL=from-env\nGLM_MAX_TOKENS=111\nLOG_LEVEL=DEBUG\n")
        write(tmp_path / ".env.local", "CLAUDE_MODEL=from-local\nGLM_MAX_TOKENS=222\n")
        env = load_env(tmp_path, process_environ={"CLAUDE_MODEL": "from-process"})

        assert env.str("CLAUDE_MODEL") == "from-process"
        assert env.int("GLM_MAX_TOKENS") == 222
        assert env.str("LOG_LEVEL") == "DEBUG"
        assert env.str("GLM_TEMPERATURE", default="0.7") == "0.7"

    def test_missing_files_fall_back_to_defaults(self, tmp_path):
        env = load_env(tmp_path, process_environ={})
        assert env.str("CLAUDE_MODEL", default="glm-4.6") == "glm-4.6"

    def test_reading_files_does_not_change_the_process_environment(self, tmp_path):
        write(tmp_path / ".env.local", "SERGAS_TEST_ONLY_VARIABLE=1\n")
        load_env(tmp_path)
        assert "SERGAS_TEST_ONLY_VARIABLE" not in os.environ


class TestSecretFiles:
    def test_a_file_named_by_name_file_gives_the_value_and_beats_the_variable(self, tmp_path):
        secret = tmp_path / "anthropic_api_key"
        write(secret, "key-from-a-container-secret\n")
        env = load_env(tmp_path, process_environ={"ANTHROPIC_API_KEY_FILE": str(secret), "ANTHROPIC_API_KEY": "old"})

        assert env.str("ANTHROPIC_API_KEY").strip() == "key-from-a-container-secret"

    def test_a_file_that_cannot_be_read_stops_the_start_naming_the_variable(self, tmp_path):
        env = load_env(tmp_path, process_environ={"ANTHROPIC_API_KEY_FILE": str(tmp_path / "missing")})

        with pytest.raises(ImproperlyConfigured, match="ANTHROPIC_API_KEY_FILE"):
            env.str("ANTHROPIC_API_KEY", default="")

    def test_the_server_uses_the_key_from_the_file(self, tmp_path):
        secret = tmp_path / "key"
        write(secret, "file-key-for-the-test\n")
        shown = "from django.conf import settings; print(repr(settings.ANTHROPIC_API_KEY))"

        result = run_django({"ANTHROPIC_API_KEY_FILE": str(secret)}, "shell", "-c", shown)

        assert result.stdout.strip().splitlines()[-1] == "'file-key-for-the-test'", result.stderr


@pytest.mark.parametrize(
    ("base_url", "name"),
    [
        ("https://api.z.ai/api/anthropic", "z.ai"),
        ("https://api.anthropic.com", "anthropic"),
        ("http://127.0.0.1:4000/v1", "127.0.0.1"),
        ("http://litellm.internal:4000", "litellm.internal"),
    ],
)
def test_provider_name_is_derived_from_the_base_url_host(base_url, name):
    assert provider_name_from_base_url(base_url) == name


def run_django(env_overrides: dict, *args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "ENV"))}
    env.update({"DJANGO_SETTINGS_MODULE": "sergas.settings", **env_overrides})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


class TestProduction:
    def test_refuses_to_start_with_the_development_secret_key(self):
        result = run_django({"ENV": "production", "ALLOWED_HOSTS": "copilot.example.com"}, "check")
        assert result.returncode != 0
        assert "SECRET_KEY" in result.stderr

    def test_refuses_a_short_or_repetitive_secret_key(self):
        result = run_django(
            {"ENV": "production", "SECRET_KEY": "ab" * 40, "ALLOWED_HOSTS": "copilot.example.com"}, "check"
        )
        assert result.returncode != 0
        assert "SECRET_KEY" in result.stderr

    def test_refuses_to_start_without_allowed_hosts(self):
        result = run_django({"ENV": "production", "SECRET_KEY": STRONG_SECRET, "ALLOWED_HOSTS": ""}, "check")
        assert result.returncode != 0
        assert "ALLOWED_HOSTS" in result.stderr

    def test_deploy_check_is_clean(self):
        result = run_django(
            {"ENV": "production", "SECRET_KEY": STRONG_SECRET, "ALLOWED_HOSTS": "copilot.example.com"},
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "no issues" in result.stdout


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(db, settings):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    assert mode == "wal"
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert settings.DATABASES["default"]["ATOMIC_REQUESTS"] is False
