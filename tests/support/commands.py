from django.core.management import call_command


def run_command(name: str, *args: str, capsys) -> tuple[int, str, str]:
    """Run a management command in-process; return (exit code, stdout, stderr)."""
    try:
        call_command(name, *args)
        code = 0
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err
