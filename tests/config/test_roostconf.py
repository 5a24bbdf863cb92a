"""roostconf against the shipped conf.d, Dovecot configs and the seeds' snippets."""
import json
import pathlib
import re
import shutil
import subprocess

import pytest

from conftest import SOURCE_ROOT, program

SHIPPED = SOURCE_ROOT / "conf.d"


def roostconf(*args, check=None):
    r = subprocess.run([str(program("roostconf")), *map(str, args)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode >= 0, f"roostconf died with signal {-r.returncode}: {r.stderr}"
    if check is not None:
        assert r.returncode == check, f"exit {r.returncode}\nstdout:\n{r.stdout}\nstderr:\n{r.stderr}"
    return r


def settings_of(dump_text):
    """Top-level key = value pairs of a roostconf/doveconf text dump."""
    out = {}
    depth = 0
    for line in dump_text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        if line.rstrip().endswith("{"):
            depth += 1
            continue
        if line.strip() == "}":
            depth -= 1
            continue
        if depth == 0 and " = " in line or (depth == 0 and line.endswith(" =")):
            key, _, value = line.partition(" =")
            out[key.strip()] = value.strip()
    return out


@pytest.fixture
def conf_copy(tmp_path):
    dest = tmp_path / "etc"
    shutil.copytree(SHIPPED, dest)
    return dest


def test_shipped_config_is_valid_and_quiet():
    r = roostconf("-c", SHIPPED / "roost.conf", "-n", check=0)
    assert "Warning" not in r.stderr and "Error" not in r.stderr, r.stderr
    assert "mail_location = " in r.stdout


def test_non_default_output_lists_only_differences():
    nondefault = settings_of(roostconf("-c", SHIPPED / "roost.conf", "-n", check=0).stdout)
    defaults = settings_of(roostconf("-c", SHIPPED / "roost.conf", "-d", check=0).stdout)
    assert nondefault, "the shipped config sets something"
    for key, value in nondefault.items():
        assert key in defaults, f"{key} printed by -n is not a known setting"
        assert value != defaults[key], f"-n printed {key} = {value}, which is the default"


def test_all_output_reads_back_identically(tmp_path):
    first = roostconf("-c", SHIPPED / "roost.conf", "-a", "-P", check=0).stdout
    again = tmp_path / "again.conf"
    again.write_text(first)
    second = roostconf("-c", again, "-a", "-P", check=0).stdout
    strip = lambda t: "\n".join(l for l in t.splitlines() if not l.startswith("#"))
    assert strip(first) == strip(second)


def test_single_value_and_json():
    r = roostconf("-c", SHIPPED / "roost.conf", "-h", "pop3_uidl_format", check=0)
    assert r.stdout == "%08Xu%08Xv\n"
    r = roostconf("-c", SHIPPED / "roost.conf", "pop3_uidl_format", check=0)
    assert r.stdout == "pop3_uidl_format = %08Xu%08Xv\n"
    data = json.loads(roostconf("-c", SHIPPED / "roost.conf", "-n", "--json", check=0).stdout)
    assert data["valid"] is True
    assert "mail_location" in data["settings"]
    assert any(s["type"] == "namespace" for s in data["sections"])


def test_invalid_config_names_file_and_line(tmp_path):
    conf = tmp_path / "roost.conf"
    conf.write_text("protocols = imap\n\nmail_locaton = maildir:~/Maildir\nssl = maybe\n")
    r = roostconf("-c", conf, "-n", check=1)
    assert f"{conf}:3: Unknown setting: mail_locaton (did you mean mail_location?)" in r.stderr
    assert f"{conf}:4: ssl: Invalid value: maybe" in r.stderr
    data = json.loads(roostconf("-c", conf, "--json", check=1).stdout)
    assert data["valid"] is False
    assert {(d["line"], d["severity"]) for d in data["diagnostics"]} >= {(3, "error"), (4, "error")}


def test_unknown_key_asked_for_is_an_error():
    r = roostconf("-c", SHIPPED / "roost.conf", "no_such_setting", check=1)
    assert "Unknown setting: no_such_setting" in r.stderr


def test_filters_and_overrides():
    r = roostconf("-c", SHIPPED / "roost.conf", "-f", "protocol=lda", "-h", "mail_plugins", check=0)
    assert "sieve" in r.stdout.split()
    r = roostconf("-c", SHIPPED / "roost.conf", "-o", "mail_location=maildir:/tmp/x", "-h",
                  "mail_location", check=0)
    assert r.stdout == "maildir:/tmp/x\n"
    roostconf("-c", SHIPPED / "roost.conf", "-o", "noequals", check=2)


# The Dovecot snippets of the course notes in ../shared/seeds/, pasted verbatim into the file
# each belongs to. Each must parse, and mean what it says.
SEED_SNIPPETS = {
    "10-auth.conf": "auth_mechanisms = plain login cram-md5\n",
    "10-mail.conf": "mail_location = maildir:~/Maildir\nmail_location = mbox:~/mail:INBOX=/var/mail/%u\n",
    "10-ssl.conf": ("ssl = required\nssl_cert = </etc/dovecot/dovecot.pem\n"
                    "ssl_key = </etc/dovecot/private/dovecot.pem\n\n"
                    "ssl_cipher_list = AES256+EECDH:AES256+EDH\t# que tipo de cifrado admitir\n"
                    "ssl_prefer_server_ciphers = yes\nssl_dh_parameters_length = 2048\n"),
    "10-master.conf": """    service imap-login {
      inet_listener imap {
            port = 0
       #port = 143
     }
      inet_listener imaps {
          port = 993
          ssl = yes
     }
    }

    service pop3-login {
      inet_listener pop3 {
            port = 0
       #port = 110
     }
      inet_listener pop3s {
            port = 995
            ssl=yes
     }
    }
service auth {
  unix_listener /var/spool/postfix/private/auth {
    mode = 0660
    user = postfix
    group = postfix
  }
}
""",
    "15-lda.conf": """    lda_mailbox_autocreate = yes
    lda_mailbox_autosubscribe = yes
    protocol lda {
      mail_plugins = $mail_plugins sieve
    }
""",
    "90-sieve.conf": """    plugin {
        sieve = ~/.dovecot.sieve
        sieve_dir = ~/sieve
        sieve_default = /var/lib/dovecot/sieve/default.sieve
        sieve_global_dir = /var/lib/dovecot/sieve
    }
""",
}


def test_seed_snippets_parse_when_pasted(conf_copy):
    for name, snippet in SEED_SNIPPETS.items():
        with open(conf_copy / name, "a") as f:
            f.write("\n" + snippet)
    conf = conf_copy / "roost.conf"
    r = roostconf("-c", conf, "-n", check=0)
    # ssl_dh_parameters_length left Dovecot in 2.3; both Dovecot and Roost accept it with a warning.
    warnings = [l for l in r.stderr.splitlines() if "Warning" in l]
    assert len(warnings) == 1 and "ssl_dh_parameters_length is no longer needed" in warnings[0], r.stderr
    assert "10-ssl.conf:" in warnings[0]
    get = lambda *a: roostconf("-c", conf, *a, check=0).stdout.strip()
    assert get("-h", "auth_mechanisms") == "plain login cram-md5"
    assert get("-h", "mail_location") == "mbox:~/mail:INBOX=/var/mail/%u"
    assert get("-h", "ssl") == "required"
    assert get("-h", "ssl_cert") == "</etc/dovecot/dovecot.pem"
    assert get("-h", "ssl_cipher_list") == "AES256+EECDH:AES256+EDH"
    assert get("-h", "lda_mailbox_autocreate") == "yes"
    assert "sieve" in get("-f", "protocol=lda", "-h", "mail_plugins").split()
    assert get("-h", "plugin/sieve_global_dir") == "/var/lib/dovecot/sieve"
    data = json.loads(roostconf("-c", conf, "-a", "--json", check=0).stdout)
    services = {s["name"]: s for s in data["sections"] if s["type"] == "service"}
    listeners = {l["name"]: l["settings"] for l in services["imap-login"]["sections"]}
    assert listeners["imap"]["port"] == "0" and listeners["imaps"]["port"] == "993"
    auth = {l["name"]: l["settings"] for l in services["auth"]["sections"]}
    assert auth["/var/spool/postfix/private/auth"]["mode"] == "0660"
    assert auth["/var/spool/postfix/private/auth"]["user"] == "postfix"
