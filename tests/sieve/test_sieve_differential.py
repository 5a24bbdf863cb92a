"""Differential test: every script of diff_cases.SCRIPTS against every message in messages/,
through Roost's roost-sieve-test and Pigeonhole's sieve-test; the normalised action lists
must be equal, except for the documented KNOWN_DIFFERENCES (doc/sieve.md)."""
import pathlib
import subprocess

import pytest

from conftest import program

import diff_cases as dc
import sieve_diff as sd

HERE = pathlib.Path(__file__).resolve().parent
PAIRS = [(s, m) for s in dc.SCRIPTS for m in dc.MESSAGES]

pytestmark = pytest.mark.skipif(sd.PIGEONHOLE is None, reason="Pigeonhole's sieve-test is not installed")


@pytest.fixture(scope="module")
def env():
    ph = sd.Pigeonhole()
    scripts = ph.dir / "scripts"
    scripts.mkdir()
    global_dir = ph.dir / "global"
    global_dir.mkdir()
    for name, text in dc.PERSONAL_INCLUDES.items():
        (scripts / f"{name}.sieve").write_text(text)
    for name, text in dc.GLOBAL_INCLUDES.items():
        (global_dir / f"{name}.sieve").write_text(text)
    subprocess.run(["chmod", "-R", "a+rwX", str(ph.dir)], check=True)
    conf = ph.conf.read_text().replace(
        "plugin {", f"plugin {{\n  sieve = file:{scripts};active={ph.dir}/active.sieve\n"
                    f"  sieve_global = {global_dir}")
    ph.conf.write_text(conf)
    staged_scripts = {n: ph.stage(f"{n}.sieve", t) for n, t in dc.SCRIPTS.items()}
    staged_messages = {m: ph.stage(m, (HERE / "messages" / m).read_bytes()) for m in dc.MESSAGES}
    yield {
        "ph": ph,
        "tool": program("roost-sieve-test"),
        "scripts": staged_scripts,
        "messages": staged_messages,
        "extra": ["-o", f"sieve_dir={scripts}", "-o", f"sieve_global={global_dir}"],
    }
    ph.close()


def test_enough_pairs():
    assert len(PAIRS) >= 150


@pytest.mark.parametrize("script,message", PAIRS, ids=[f"{s}-{m[:-4]}" for s, m in PAIRS])
def test_same_actions(env, script, message):
    known = dc.KNOWN_DIFFERENCES.get((script, message))
    if known:
        pytest.xfail(known)
    ph = env["ph"]
    sender = dc.MESSAGES[message]
    script_path = env["scripts"][script]
    message_path = env["messages"][message]
    pigeonhole = ph.run(script_path, message_path, sender, dc.RECIPIENT)
    roost = sd.run_roost(env["tool"], script_path, message_path, sender, dc.RECIPIENT, env["extra"])
    expected = sd.normalise_pigeonhole(pigeonhole)
    actual = sd.normalise_roost(roost)
    if script in dc.VACATION_SCRIPTS:
        # sieve-test's dry run lists a vacation action before its checks run; -e tells whether
        # a response really goes out, and shows it.
        sent = sd.pigeonhole_vacation_sent(ph.run(script_path, message_path, sender, dc.RECIPIENT,
                                                  execute=True))
        if sent is None:
            expected = [a for a in expected if a != "vacation"]
        assert sd.vacation_summary(sd.roost_vacation_header(roost)) == sd.vacation_summary(sent)
    if script in dc.NOTIFY_SCRIPTS:
        if not sd.pigeonhole_notify_sent(ph.run(script_path, message_path, sender, dc.RECIPIENT,
                                                execute=True)):
            expected = [a for a in expected if not a.startswith("notify")]
    assert actual == expected, (
        f"\n--- pigeonhole stdout\n{pigeonhole.stdout.decode(errors='replace')}"
        f"--- pigeonhole stderr\n{pigeonhole.stderr.decode(errors='replace')}"
        f"--- roost stdout\n{roost.stdout.decode(errors='replace')}"
        f"--- roost stderr\n{roost.stderr.decode(errors='replace')}")
