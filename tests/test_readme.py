"""The README's two commands: they exist, CI runs the very test command, and the run command
works from the checkout."""
import imaplib
import os
import poplib
import random
import re
import shutil
import signal
import ssl
import subprocess

from conftest import SOURCE_ROOT
from roost_site import new_site, wait

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
    r = subprocess.run([str(SOURCE_ROOT / readme_command("Run Roost")), "--check"], capture_output=True,
                       text=True, timeout=600, cwd="/")
    assert r.returncode == 0, r.stderr
    assert "mail_location = maildir:~/Maildir" in r.stdout
    assert r.stderr == ""
    r = subprocess.run([str(SOURCE_ROOT / readme_command("Run Roost")), "--check", "-h", "ssl"],
                       capture_output=True, text=True, timeout=600)
    assert r.stdout == "yes\n"


def test_run_command_serves_the_demo_site():
    """scripts/run.sh starts Roost in the foreground; clients log in as demo/demo over POP3S and
    IMAPS, verifying the demo certificate, and find the welcome message; Ctrl-C stops everything."""
    site = new_site("roost-demo-")  # readable by the unprivileged services
    demo = site / "demo"
    base = random.randrange(20000, 40000, 1000)
    env = {**os.environ, "ROOST_DEMO_DIR": str(demo), "ROOST_DEMO_PORT_BASE": str(base)}
    proc = subprocess.Popen([str(SOURCE_ROOT / readme_command("Run Roost"))], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait(lambda: (demo / "roost.log").exists() and all(
            t in (demo / "roost.log").read_text()
            for t in ("pop3-login ready", "pop3 worker service ready", "imap-login ready", "imap worker service ready")),
            "the demo site", timeout=600)
        ctx = ssl.create_default_context(cafile=str(demo / "cert.pem"))
        pop = poplib.POP3_SSL("127.0.0.1", base + 995, context=ctx, timeout=10)
        pop.user("demo")
        pop.pass_("demo")
        count, _ = pop.stat()
        assert count == 1
        assert b"Subject: Welcome to Roost" in b"\n".join(pop.retr(1)[1])
        pop.quit()
        imap = imaplib.IMAP4_SSL("127.0.0.1", base + 993, ssl_context=ctx, timeout=10)
        imap.login("demo", "demo")
        typ, data = imap.select("INBOX")
        assert typ == "OK" and data == [b"1"]
        imap.logout()
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, out.decode(errors="replace")
    assert b"user \"demo\", password \"demo\"" in out
    wait(lambda: subprocess.run(["pgrep", "-f", str(demo / "roost.conf")], capture_output=True).returncode != 0,
         "every demo process to stop")
    shutil.rmtree(site, ignore_errors=True)
