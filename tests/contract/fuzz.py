"""Contract fuzzing: schemathesis drives every operation of /api/schema/ on the live stack
(tests/support/agui_stack.py: uvicorn, the provider double, two managers), authenticated, and
fails on any 5xx or any response the schema does not describe.

    python -m tests.contract.fuzz [--max-examples 25]

Two checks are left out, on purpose. "Schema-valid request rejected": the schema cannot say every
rule a request must meet (the last message must be the user's, a period of at most 366 days), and
those are 400s. "Schema-violating request accepted": the API is lenient where a user would expect
it (an empty filter is no filter, a number given as a subject is taken as text).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=25, help="cases per operation and phase")
    options = parser.parse_args()
    stack = subprocess.Popen(
        [sys.executable, "-m", "tests.support.agui_stack"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        found = json.loads(stack.stdout.readline())
        schemathesis = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or "schemathesis"
        command = [
            schemathesis,
            "run",
            f"{found['url']}/api/schema/",
            "--header",
            f"Authorization: Token {found['token']}",
            "--checks",
            "all",
            "--exclude-checks",
            "positive_data_acceptance,negative_data_rejection",
            "--max-examples",
            str(options.max_examples),
            "--seed",
            "20261202",
            "--no-color",
        ]
        return subprocess.run(command, cwd=ROOT).returncode
    finally:
        stack.stdin.close()
        stack.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
