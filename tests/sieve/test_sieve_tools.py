"""The Sieve command-line tools: roost-sievec's error format and exit codes, roost-sieve-test's
options (envelope, trace, extensions, settings) and -e executing against a real Maildir."""
import pathlib
import subprocess

from conftest import program

HERE = pathlib.Path(__file__).resolve().parent
MESSAGE = HERE / "messages" / "plain.eml"


def run(*args):
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=30)


def test_sievec_accepts_a_good_script(tmp_path):
    script = tmp_path / "good.sieve"
    script.write_text('require ["fileinto"];\nif header :contains "subject" "x" { fileinto "x"; }\n')
    r = run(program("roost-sievec"), script)
    assert r.returncode == 0
    assert r.stderr == ""


def test_sievec_reports_file_line_column(tmp_path):
    script = tmp_path / "bad.sieve"
    script.write_text('require "fileinto";\nfileinto;\nfrobnicate "x";\nif header :is "a" { keep; }\n')
    r = run(program("roost-sievec"), script)
    assert r.returncode == 1
    assert r.stderr.splitlines() == [
        f"{script}:2:1: error: the fileinto command takes 1 positional argument (mailbox) but 0 were given",
        f"{script}:3:1: error: unknown command 'frobnicate'",
        f"{script}:4:4: error: the header test takes 2 positional arguments (header-names, key-list) but 1 were given",
    ]


def test_sievec_extensions_option(tmp_path):
    script = tmp_path / "ext.sieve"
    script.write_text('require "enotify";\n')
    assert run(program("roost-sievec"), script).returncode == 0
    r = run(program("roost-sievec"), "-x", "-enotify", script)
    assert r.returncode == 1
    assert "unsupported Sieve capability 'enotify'" in r.stderr


def test_sievec_checks_included_scripts(tmp_path):
    (tmp_path / "inc.sieve").write_text("keep;\nbogus;\n")
    main = tmp_path / "main.sieve"
    main.write_text('require "include";\ninclude "inc";\n')
    r = run(program("roost-sievec"), main)
    assert r.returncode == 1
    assert "inc:2:1: error: unknown command 'bogus'" in r.stderr


def test_sieve_test_prints_actions(tmp_path):
    script = tmp_path / "s.sieve"
    script.write_text('require ["fileinto", "imap4flags"];\naddflag "\\\\Seen";\nfileinto "Lunch";\nredirect "x@example.net";\n')
    r = run(program("roost-sieve-test"), script, MESSAGE)
    assert r.returncode == 0, r.stderr
    assert r.stdout == ('Performed actions:\n * fileinto "Lunch" flags: \\Seen\n * redirect <x@example.net>\n'
                        "Implicit keep:\n (none)\n")


def test_sieve_test_envelope_options(tmp_path):
    script = tmp_path / "env.sieve"
    script.write_text('require ["envelope", "fileinto", "variables"];\n'
                      'if envelope :matches "from" "*" { set "f" "${1}"; }\n'
                      'if envelope :matches "to" "*" { fileinto "${f}-${1}"; }\n')
    r = run(program("roost-sieve-test"), "-f", "a@example.org", "-a", "b@example.com", script, MESSAGE)
    assert ' * fileinto "a@example.org-b@example.com"' in r.stdout
    # Without options the envelope comes from the message, as with Pigeonhole's sieve-test.
    r = run(program("roost-sieve-test"), script, MESSAGE)
    assert ' * fileinto "friend@example.org-me@example.com"' in r.stdout


def test_sieve_test_trace(tmp_path):
    script = tmp_path / "t.sieve"
    script.write_text('if header :contains "subject" "lunch" {\n  discard;\n}\n')
    r = run(program("roost-sieve-test"), "-t", "-", "-Tlevel=matching", script, MESSAGE)
    assert "## 1:1: if" in r.stdout
    assert '## 1:31: value "Lunch on Friday?" matches key "lunch" (:contains)' in r.stdout
    assert "## 2:3: discard" in r.stdout


def test_sieve_test_runtime_error_keeps(tmp_path):
    script = tmp_path / "e.sieve"
    script.write_text('require "ihave";\nerror "broken on purpose";\n')
    r = run(program("roost-sieve-test"), script, MESSAGE)
    assert r.returncode == 1
    assert "run-time error: 2:1: error command: broken on purpose" in r.stderr
    assert r.stdout.endswith('Implicit keep:\n * keep "INBOX"\n')


def test_sieve_test_execute_stores_into_the_mailboxes(tmp_path):
    script = tmp_path / "file.sieve"
    script.write_text('require ["fileinto", "imap4flags", "mailbox"];\n'
                      'fileinto :create :flags "\\\\Flagged" "Filed";\nredirect "x@example.net";\n')
    r = run(program("roost-sieve-test"), "-e", "-l", f"maildir:{tmp_path}/Maildir", script, MESSAGE)
    assert r.returncode == 0, r.stderr
    assert "saved mail to Filed" in r.stdout
    assert "Would send from <" in r.stdout and "not sent in a test run" in r.stdout
    filed = list((tmp_path / "Maildir" / ".Filed" / "cur").iterdir())
    assert len(filed) == 1 and filed[0].name.endswith(":2,F")
    assert filed[0].read_bytes() == MESSAGE.read_bytes()
    r = run(program("roost-sieve-test"), "-e", script, MESSAGE)
    assert r.returncode == 64 and "-l" in r.stderr


def test_sieve_test_settings_and_debug(tmp_path):
    script = tmp_path / "v.sieve"
    script.write_text('require ["editheader", "vacation"];\naddheader "X-Seen" "1";\nvacation :days 30 "away";\n')
    r = run(program("roost-sieve-test"), "-D", "-r", "me@example.com", "-o", "sieve_vacation_max_period=10d",
            script, MESSAGE)
    assert " * vacation to <friend@example.org> period 864000" in r.stdout
    assert "X-Seen: 1" in r.stderr
    r = run(program("roost-sieve-test"), "-o", "sieve_nonsense=1", script, MESSAGE)
    assert r.returncode == 64
