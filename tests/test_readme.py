"""The README's two commands: they exist, CI runs the very test command, and the run command
works from the checkout."""
import re
import subprocess

from conftest import SOURCE_ROOT

README = (SOURCE_ROOT / "README").read_text()


def readme_command(label):
    m = re.search(rf"^\s*{label}:\s+(\S.*)$", README, re.M)
    assert m, f"README has no '{label}:' line"
    return m.group(1).strip()


def test_readme_names_exactly_two_commands():
    assert readme_command("Run Roost") == "scripts/run.sh"
    assert readme_command("Run every test") == "scripts/test.sh"


def test_ci_runs_the_readme_test_command():
    ci = (SOURCE_ROOT / ".ci" / "run").read_text()
    assert re.search(r"^exec " + re.escape(readme_command("Run every test")) + r"\s*$", ci, re.M)


def test_run_command_checks_the_shipped_config():
    r = subprocess.run([str(SOURCE_ROOT / readme_command("Run Roost"))], capture_output=True,
                       text=True, timeout=600, cwd="/")
    assert r.returncode == 0, r.stderr
    assert "mail_location = maildir:~/Maildir" in r.stdout
    assert r.stderr == ""
    r = subprocess.run([str(SOURCE_ROOT / readme_command("Run Roost")), "-h", "ssl"],
                       capture_output=True, text=True, timeout=600)
    assert r.stdout == "yes\n"
