"""No file in the repository holds anything shaped like a provider key (the seed published one)."""

import shutil
import subprocess
from pathlib import Path

import pytest

from sergas.logging import PROVIDER_KEY_PATTERN

ROOT = Path(__file__).resolve().parents[2]


def tracked_files() -> list[Path]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [ROOT / name for name in listed.decode().split("\0") if name]


def test_the_pattern_knows_both_key_shapes():
    # Built at run time, so this file holds no such string itself.
    zai = "0123456789abcdef" * 2 + "." + "AbCdEfGhIjKlMnOp"
    anthropic = "sk-" + "ant-" + "api03-" + "x" * 20

    assert PROVIDER_KEY_PATTERN.search(f"key={zai}") and PROVIDER_KEY_PATTERN.search(anthropic)


def test_no_committed_file_holds_a_provider_key():
    found = []
    for path in tracked_files():
        if not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", errors="ignore")
        found += [f"{path.relative_to(ROOT)}: {match.group()[:6]}…" for match in PROVIDER_KEY_PATTERN.finditer(text)]

    assert found == []
