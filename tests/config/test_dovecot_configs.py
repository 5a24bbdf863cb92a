"""Roost reads Dovecot 2.3 configurations: Debian's stock tree to the end (every setting understood
or named), and the same values as Dovecot's own doveconf for the syntax both share."""
import json
import pathlib
import re
import shutil
import subprocess

import pytest

from conftest import program
from dovecot_scan import scan

DOVECOT_TREE = pathlib.Path("/etc/dovecot/dovecot.conf")
needs_dovecot = pytest.mark.skipif(not DOVECOT_TREE.exists() or not shutil.which("doveconf"),
                                   reason="Debian's dovecot-core is not installed (scripts/bootstrap.sh)")


def roostconf_json(conf, *extra):
    r = subprocess.run([str(program("roostconf")), "-c", str(conf), "--json", *extra],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode in (0, 1), f"roostconf crashed ({r.returncode}): {r.stderr}"
    return r.returncode, json.loads(r.stdout)


def find_section(sections, path):
    for type_, name in path:
        match = [s for s in sections if s["type"] == type_ and s["name"] == name]
        if not match:
            return None
        node = match[0]
        sections = node["sections"]
    return node


def check_every_setting_is_accounted_for(conf):
    """Each assignment Dovecot would read is either understood by Roost (its value is there) or
    named in a diagnostic at its own line or at the line of the section it sits in."""
    # Valid: the effective values (-a). Invalid: the tree as read, beside the diagnostics.
    status, data = roostconf_json(conf, "-a")
    diag_lines = {(d["file"], d["line"]) for d in data["diagnostics"]}
    assignments, sections = scan(str(conf))
    section_lines = {s.path: (s.file, s.line) for s in sections}
    assert assignments, "the scanner found no settings"
    silent = []
    for a in assignments:
        if (a.file, a.line) in diag_lines:
            continue
        named_section = any(section_lines.get(a.path[:i]) in diag_lines for i in range(1, len(a.path) + 1))
        if named_section:
            continue
        node = data if not a.path else find_section(data["sections"], a.path)
        if node is None or a.key not in node["settings"]:
            silent.append(a)
    assert not silent, "settings neither understood nor named:\n" + "\n".join(
        f"{a.file}:{a.line}: {a.key} = {a.value} (in {a.path})" for a in silent)
    return status, data


@needs_dovecot
def test_debian_stock_tree_is_read_to_the_end():
    status, data = check_every_setting_is_accounted_for(DOVECOT_TREE)
    assert status == 0, data["diagnostics"]
    assert data["settings"]["mail_location"] == "mbox:~/mail:INBOX=/var/mail/%u"
    assert data["settings"]["ssl_cert"] == "</etc/dovecot/private/dovecot.pem"
    passdbs = [s for s in data["sections"] if s["type"] == "passdb"]
    assert [p["settings"]["driver"] for p in passdbs] == ["pam"]
    notices = [d["message"] for d in data["diagnostics"] if d["severity"] == "notice"]
    assert any("service director is ignored" in n for n in notices)


@needs_dovecot
def test_debian_tree_with_every_example_uncommented(tmp_path):
    """Uncomment every '#key = value' example in Debian's tree: a config full of features Roost
    lacks. Nothing may crash or be skipped silently."""
    tree = tmp_path / "dovecot"
    shutil.copytree(DOVECOT_TREE.parent, tree)
    uncommented = 0
    for f in list(tree.rglob("*.conf")) + list(tree.rglob("*.ext")):
        text = f.read_text()
        new = re.sub(r"^(\s*)#(\s*[a-z_0-9]+\s*=\s*[^\n]*)$", r"\1\2", text, flags=re.M)
        uncommented += new.count("\n") and sum(1 for _ in re.finditer(r"^\s*#\s*[a-z_0-9]+\s*=", text, re.M))
        f.write_text(new)
    assert uncommented > 200
    status, data = check_every_setting_is_accounted_for(tree / "dovecot.conf")
    errors = [d for d in data["diagnostics"] if d["severity"] == "error"]
    assert status == 1 and errors, "a tree full of unsupported features must be refused"
    assert all(d["line"] > 0 and d["file"] for d in errors)


# Configs in the syntax both servers share; for every key they set, Roost must read the same
# value Dovecot's doveconf reads.
DIFFERENTIAL = {
    "quoting": '''login_greeting = "Hello  # not a comment "
postmaster_address = 'admin@example.org'
recipient_delimiter=-
imap_id_send = "name" *
''',
    "continuation": '''mail_location = maildir:~/Maildir \\
   :LAYOUT=fs
login_log_format_elements = user=<%u> \\
  method=%m
''',
    "expansion": '''mail_plugins = quota
mail_plugins = $mail_plugins imap_quota
protocols = imap
protocols = $protocols pop3
import_environment = $import_environment FOO=bar
''',
    "comments": '''# leading comment
   auth_mechanisms = plain login # trailing comment
auth_username_format = %Lu
ssl_cipher_list = ALL:!LOW # comment after
''',
    "filters": '''mail_max_userip_connections = 5
protocol imap {
  mail_max_userip_connections = 20
}
''',
    "include": '''!include_try /nonexistent/*.conf
!include {inc}
''',
}


@needs_dovecot
@pytest.mark.parametrize("name", sorted(DIFFERENTIAL))
def test_same_values_as_doveconf(tmp_path, name):
    inc = tmp_path / "inc.conf"
    inc.write_text("hostname = mail.example.org\nrecipient_delimiter = +-\n")
    conf = tmp_path / "test.conf"
    conf.write_text(DIFFERENTIAL[name].replace("{inc}", str(inc)))
    assignments, _ = scan(str(conf))
    keys = sorted({a.key for a in assignments if not a.path})
    assert keys
    for key in keys:
        dove = subprocess.run(["doveconf", "-c", str(conf), "-h", key], capture_output=True, text=True, timeout=60)
        assert dove.returncode == 0, dove.stderr
        ours = subprocess.run([str(program("roostconf")), "-c", str(conf), "-h", key],
                              capture_output=True, text=True, timeout=60)
        assert ours.returncode == 0, ours.stderr
        assert ours.stdout == dove.stdout, f"{key}: roost {ours.stdout!r} != dovecot {dove.stdout!r}"
    for protocol in ("imap", "pop3"):
        dove = subprocess.run(["doveconf", "-c", str(conf), "-f", f"protocol={protocol}", "-h",
                               "mail_max_userip_connections"], capture_output=True, text=True, timeout=60)
        ours = subprocess.run([str(program("roostconf")), "-c", str(conf), "-f", f"protocol={protocol}",
                               "-h", "mail_max_userip_connections"], capture_output=True, text=True, timeout=60)
        assert ours.stdout == dove.stdout
