"""ManageSieve behind the real master: managesieve-login (STARTTLS with the test CA, SASL
through the auth service) hands clients to the managesieve worker, which keeps the scripts where
roost-lda reads them. Driven by real clients: sieve-connect and python3-sievelib; and end to
end: a script activated over ManageSieve decides the next delivery through roost-lda."""
import os
import shutil
import socket
import subprocess

import pytest
from sievelib.managesieve import Client

from conftest import free_port, program
from roost_site import mail_ids, make_cert, new_site, site_config, start_master, stop_master, write_users

SCRIPT = 'require "fileinto";\nif header :contains "subject" "report" { fileinto "Reports"; }\n'



@pytest.fixture
def site():
    d = new_site("roost-sieve-")
    uid, gid = mail_ids()
    home = d / "home" / "alice"
    home.mkdir(parents=True)
    for p in (d / "home", home):
        os.chown(p, uid, gid)
    make_cert(d, "127.0.0.1")
    write_users(d, [f"alice:{{PLAIN}}secret:{uid}:{gid}::{home}::"])
    port = free_port()
    conf = d / "roost.conf"
    conf.write_text(site_config(d, "sieve", {"sieve": port}, f"""mail_location = maildir:~/Maildir
first_valid_uid = {min(uid, 500)}
lda_mailbox_autocreate = yes
managesieve_implementation_string = Roost (test site)
managesieve_max_compile_errors = 2
protocol lda {{
  mail_plugins = $mail_plugins sieve
}}
plugin {{
  sieve_quota_max_scripts = 5
}}
"""))
    start_master(conf, d / "roost.log", "managesieve worker service ready", "managesieve-login ready")
    yield {"dir": d, "home": home, "port": port, "ca": str(d / "cert.pem"), "conf": conf}
    stop_master(conf)
    shutil.rmtree(d, ignore_errors=True)


def sieve_connect(site, *args, password="secret"):
    """Runs sieve-connect over STARTTLS, verifying the server against the test CA."""
    r_fd, w_fd = os.pipe()
    os.write(w_fd, password.encode() + b"\n")
    os.close(w_fd)
    try:
        return subprocess.run(["sieve-connect", "--server", "127.0.0.1", "--port", str(site["port"]), "--user", "alice",
                               "--passwordfd", str(r_fd), "--tlscafile", site["ca"], "--tlshostname", "localhost",
                               "--authmech", "PLAIN", *args], pass_fds=(r_fd,), capture_output=True, text=True,
                              timeout=60)
    finally:
        os.close(r_fd)


def test_greeting_lists_the_real_capabilities(site):
    with socket.create_connection(("127.0.0.1", site["port"]), 10) as s:
        data = b""
        while not data.endswith(b"\r\n") or b"OK " not in data:
            data += s.recv(4096)
    lines = data.decode().splitlines()
    assert lines[0] == '"IMPLEMENTATION" "Roost (test site)"'
    sieve = next(l for l in lines if l.startswith('"SIEVE"'))
    for ext in ("fileinto", "vacation", "imap4flags", "include", "variables", "enotify"):
        assert f" {ext}" in sieve or f'"{ext}' in sieve
    assert '"STARTTLS"' in lines and '"VERSION" "1.0"' in lines and '"NOTIFY" "mailto"' in lines
    assert lines[-1].startswith("OK ")


def test_sieve_connect_upload_list_activate_download_delete(site):
    local = site["dir"] / "filter.sieve"
    local.write_text(SCRIPT)
    r = sieve_connect(site, "--upload", "--localsieve", str(local), "--remotesieve", "filter")
    assert r.returncode == 0, r.stdout + r.stderr
    r = sieve_connect(site, "--activate", "--remotesieve", "filter")
    assert r.returncode == 0, r.stdout + r.stderr
    r = sieve_connect(site, "--list")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "filter" in r.stdout and "ACTIVE" in r.stdout.upper()
    back = site["dir"] / "back.sieve"
    r = sieve_connect(site, "--download", "--remotesieve", "filter", "--localsieve", str(back))
    assert r.returncode == 0, r.stdout + r.stderr
    assert back.read_text() == SCRIPT
    # Stored where roost-lda reads it: ~/sieve/NAME.sieve, ~/.dovecot.sieve the active link.
    assert os.readlink(site["home"] / ".dovecot.sieve") == "sieve/filter.sieve"
    assert (site["home"] / "sieve" / "filter.sieve").read_text() == SCRIPT
    r = sieve_connect(site, "--deactivate")
    assert r.returncode == 0, r.stdout + r.stderr
    r = sieve_connect(site, "--delete", "--remotesieve", "filter")
    assert r.returncode == 0, r.stdout + r.stderr
    assert not (site["home"] / "sieve" / "filter.sieve").exists()


def test_sieve_connect_wrong_password_fails(site):
    r = sieve_connect(site, "--list", password="wrong")
    assert r.returncode != 0


def test_sievelib_every_command(site):
    c = Client("127.0.0.1", site["port"])
    assert c.connect("alice", "secret", starttls=True, authmech="PLAIN")
    assert c.putscript("one", SCRIPT)
    assert c.havespace("two", 100)
    assert c.putscript("two", "keep;\n")
    assert c.setactive("one")
    active, others = c.listscripts()
    assert active == "one" and others == ["two"]
    assert c.getscript("two") == "keep;\n"
    assert c.renamescript("two", "three")
    assert c.listscripts() == ("one", ["three"])
    assert not c.deletescript("one")  # the active script stays
    assert c.checkscript(SCRIPT)
    assert not c.checkscript('require "fileinto";\nfileinto "x"\n')
    assert not c.putscript("broken", "if true {\n  keep\n}\n")
    assert "broken" not in c.listscripts()[1]
    assert c.setactive("")
    assert c.listscripts() == (None, ["one", "three"])
    c.logout()


def test_invalid_script_is_refused_with_its_position_and_session_goes_on(site):
    with socket.create_connection(("127.0.0.1", site["port"]), 10) as s:
        f = s.makefile("rwb")

        def until_ok():
            out = []
            while True:
                line = f.readline()
                assert line, "connection closed"
                if line.endswith(b"}\r\n") and b"{" in line:  # a literal follows
                    size = int(line[line.rindex(b"{") + 1:-3])
                    line += f.read(size) + f.readline()
                out.append(line)
                if line.startswith((b"OK", b"NO", b"BYE")):
                    return out

        until_ok()
        f.write(b'AUTHENTICATE "PLAIN" "AGFsaWNlAHNlY3JldA=="\r\n')
        f.flush()
        assert until_ok()[-1].startswith(b"OK")
        bad = b'require "fileinto";\nfileinto "x"\nstop;\n'
        f.write(b'PUTSCRIPT "bad" {%d+}\r\n%s\r\n' % (len(bad), bad))
        f.flush()
        reply = b"".join(until_ok())
        assert reply.startswith(b"NO")
        assert b"3:" in reply  # line:column of the error
        many = b"".join(b'frob%d;\n' % i for i in range(6))
        f.write(b'CHECKSCRIPT {%d+}\r\n%s\r\n' % (len(many), many))
        f.flush()
        reply = b"".join(until_ok())
        assert reply.startswith(b"NO") and b"1:" in reply and b"2:" in reply
        assert b"3:" not in reply  # managesieve_max_compile_errors = 2
        f.write(b'FROB\r\nGETSCRIPT "nope"\r\nNOOP "t1"\r\n')
        f.flush()
        assert until_ok()[-1].startswith(b"NO")
        assert until_ok()[-1].startswith(b"NO (NONEXISTENT)")
        assert until_ok()[-1] == b'OK (TAG "t1") "NOOP completed."\r\n'
        f.write(b"LOGOUT\r\n")
        f.flush()
        assert until_ok()[-1].startswith(b"OK")


@pytest.mark.skipif(os.geteuid() != 0, reason="roost-lda -d needs root")
def test_activated_script_decides_the_next_delivery(site):
    c = Client("127.0.0.1", site["port"])
    assert c.connect("alice", "secret", starttls=True, authmech="PLAIN")
    assert c.putscript("reports", SCRIPT)
    assert c.putscript("discard-all", "discard;\n")
    assert c.setactive("reports")

    def deliver(subject):
        msg = f"From: bob@example.org\nTo: alice@example.com\nSubject: {subject}\n\nbody\n".encode()
        r = subprocess.run([str(program("roost-lda")), "-c", str(site["conf"]), "-d", "alice"], input=msg,
                           capture_output=True, timeout=60)
        assert r.returncode == 0, r.stderr

    def count(folder):
        base = site["home"] / "Maildir" / folder
        return sum(1 for sub in ("new", "cur") if (base / sub).is_dir() for _ in (base / sub).iterdir())

    deliver("weekly report")
    assert count(".Reports") == 1 and count("") == 0
    assert c.setactive("discard-all")
    deliver("another report")
    assert count(".Reports") == 1 and count("") == 0
    assert c.setactive("")
    deliver("third report")
    assert count("") == 1
    c.logout()
