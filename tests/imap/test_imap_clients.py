"""The IMAP server behind the real master, driven by real clients over IMAPS with the certificate
verified against the site's CA: mbsync (isync) syncing folders, flags and expunges both ways,
mutt under tmux reading and flagging a message, an IDLE session seeing a roost-lda delivery,
and the privilege separation of the processes serving a session (as root)."""
import imaplib
import os
import pathlib
import pwd
import re
import shutil
import ssl
import subprocess
import time

import pytest

from conftest import free_port, program
from imap_wire import Wire
from roost_site import make_cert, new_site, site_config, start_master, stop_master, wait, write_users

ROOT = os.geteuid() == 0
as_root = pytest.mark.skipif(not ROOT, reason="needs root (privilege separation, roost-lda -d)")

MESSAGES = [
    b"From: Alice <alice@example.com>\nTo: alice@example.com\nSubject: server one\n"
    b"Date: Tue, 14 Nov 2023 10:00:00 +0000\nMessage-ID: <s1@example.com>\n\nbody of server one\n",
    b"From: carol@example.com\nTo: alice@example.com\nSubject: server two\n"
    b"Date: Wed, 15 Nov 2023 10:00:00 +0000\nMessage-ID: <s2@example.com>\n\nbody of server two\n",
]


def alice_ids():
    return (1000, 1000) if ROOT else (os.getuid(), os.getgid())


BOB_IDS = (1001, 1001)  # no system account needed: passwd-file users are virtual


def chown_tree(path, uid, gid):
    for p in [path, *path.rglob("*")]:
        os.chown(p, uid, gid, follow_symlinks=False)


def make_maildir(base):
    for sub in ("new", "cur", "tmp"):
        (base / sub).mkdir(parents=True, exist_ok=True)


@pytest.fixture
def site():
    d = new_site("roost-imapcl-")
    uid, gid = alice_ids()
    home = d / "home" / "alice"
    make_maildir(home / "Maildir")
    for i, data in enumerate(MESSAGES):
        path = home / "Maildir" / "new" / f"17000000{i:02d}.M{i}P1.test"
        path.write_bytes(data)
    chown_tree(home, uid, gid)
    users = [f"alice:{{PLAIN}}secret:{uid}:{gid}::{home}::"]
    bob_home = d / "home" / "bob"
    if ROOT:
        make_maildir(bob_home / "Maildir")
        (bob_home / "Maildir" / "new" / "1700000100.M1P1.bob").write_bytes(
            b"From: x@example.com\nSubject: bob's secret\n\nfor bob only\n")
        make_maildir(bob_home / "Maildir" / ".Private")
        chown_tree(bob_home, *BOB_IDS)
        for p in [bob_home, *bob_home.rglob("*")]:
            p.chmod(0o700 if p.is_dir() else 0o600)
        users.append(f"bob:{{PLAIN}}secret2:{BOB_IDS[0]}:{BOB_IDS[1]}::{bob_home}::")
    make_cert(d, "127.0.0.1")
    write_users(d, users)
    lda_log = d / "lda.log"
    lda_log.touch()
    lda_log.chmod(0o666)
    ports = {"imap": free_port(), "imaps": free_port()}
    conf = d / "roost.conf"
    conf.write_text(site_config(d, "imap", ports, f"mail_location = maildir:~/Maildir\n"
                                                  f"first_valid_uid = {min(uid, 500)}\n"
                                                  "mailbox_idle_check_interval = 30 secs\n"
                                                  "imap_idle_notify_interval = 3 secs\n")
                    + f"protocol lda {{\n  log_path = {lda_log}\n}}\n")
    log = d / "roost.log"
    start_master(conf, log, "imap worker service ready", "imap-login ready")
    yield {"dir": d, "conf": conf, "home": home, "maildir": home / "Maildir", "bob_home": bob_home,
           "ports": ports, "log": log, "ca": str(d / "cert.pem"), "uid": uid, "gid": gid}
    stop_master(conf)
    shutil.rmtree(d, ignore_errors=True)


def imap(site, user="alice", password="secret"):
    ctx = ssl.create_default_context(cafile=site["ca"])
    conn = imaplib.IMAP4_SSL("127.0.0.1", site["ports"]["imaps"], ssl_context=ctx, timeout=10)
    typ, _ = conn.login(user, password)
    assert typ == "OK"
    return conn


def close(conn):
    try:
        conn.logout()
    except Exception:
        pass


def flags_by_message_id(conn, mailbox):
    """{Message-ID: set of flags} of a mailbox, read with imaplib (EXAMINE: nothing changes)."""
    typ, _ = conn.select(mailbox, readonly=True)
    assert typ == "OK", mailbox
    typ, data = conn.fetch("1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
    assert typ == "OK"
    out = {}
    for item in data:
        if not isinstance(item, tuple):
            continue
        flags = re.search(rb"FLAGS \(([^)]*)\)", item[0]).group(1).decode().split()
        mid = re.search(rb"<([^>]+)>", item[1]).group(1).decode()
        out[mid] = set(flags) - {"\\Recent"}
    return out


def maildir_messages(base):
    """{Message-ID: Maildir info flags (the letters after ':2,')} of a Maildir folder on disk."""
    out = {}
    for sub in ("new", "cur"):
        p = base / sub
        if not p.is_dir():
            continue
        for f in p.iterdir():
            m = re.search(rb"Message-ID: <([^>]+)>", f.read_bytes(), re.I)
            if m:
                out[m.group(1).decode()] = f.name.split(":2,")[1] if ":2," in f.name else ""
    return out


# --- mbsync (isync) --------------------------------------------------------------------------


MBSYNCRC = """IMAPAccount roost
Host 127.0.0.1
Port {port}
User alice
Pass secret
SSLType IMAPS
CertificateFile {ca}
SystemCertificates no
Timeout 20

IMAPStore roost-remote
Account roost

MaildirStore local
Path {local}/
Inbox {local}/INBOX
SubFolders Verbatim

Channel roost
Far :roost-remote:
Near :local:
Patterns *
Create Both
Remove None
Expunge Both
Sync All
SyncState *
"""


def local_message(mid, subject):
    return (f"From: Alice <alice@example.com>\nTo: bob@example.com\nSubject: {subject}\n"
            f"Date: Thu, 16 Nov 2023 10:00:00 +0000\nMessage-ID: <{mid}>\n\nbody of {subject}\n").encode()


def mbsync(rc, home):
    r = subprocess.run(["mbsync", "-c", str(rc), "-a"], capture_output=True, text=True, timeout=90,
                       env={**os.environ, "HOME": str(home)})
    assert r.returncode == 0, f"mbsync failed ({r.returncode}):\n{r.stdout}\n{r.stderr}"
    return r


def test_mbsync_syncs_folders_flags_and_expunges_both_ways(site):
    d = site["dir"]
    local = d / "local"
    make_maildir(local / "INBOX")
    make_maildir(local / "Projects")
    (local / "Projects" / "cur" / "1700001000.1_1.host:2,S").write_bytes(local_message("p1@example.com", "plan"))
    (local / "Projects" / "new" / "1700001001.2_1.host").write_bytes(local_message("p2@example.com", "budget"))
    (local / "INBOX" / "new" / "1700001002.3_1.host").write_bytes(local_message("i1@example.com", "local inbox"))
    # against a CA that did not sign the server's certificate mbsync refuses to talk to it
    (d / "other").mkdir()
    other_ca, _ = make_cert(d / "other", "127.0.0.1")
    bad_rc = d / "mbsyncrc-wrong-ca"
    bad_rc.write_text(MBSYNCRC.format(port=site["ports"]["imaps"], ca=other_ca, local=local))
    r = subprocess.run(["mbsync", "-c", str(bad_rc), "-a"], capture_output=True, text=True, timeout=90,
                       env={**os.environ, "HOME": str(d)})
    assert r.returncode != 0 and re.search(r"(?i)certificate|verif", r.stdout + r.stderr), (r.stdout, r.stderr)
    assert not (site["maildir"] / ".Projects").exists()
    rc = d / "mbsyncrc"
    rc.write_text(MBSYNCRC.format(port=site["ports"]["imaps"], ca=site["ca"], local=local))
    mbsync(rc, d)

    # pushed: the new folder exists on the server's Maildir with both messages, the \Seen kept
    server_projects = site["maildir"] / ".Projects"
    assert server_projects.is_dir(), sorted(p.name for p in site["maildir"].iterdir())
    on_disk = maildir_messages(server_projects)
    assert set(on_disk) == {"p1@example.com", "p2@example.com"}, on_disk
    assert "S" in on_disk["p1@example.com"] and "S" not in on_disk["p2@example.com"]
    assert "i1@example.com" in maildir_messages(site["maildir"])
    conn = imap(site)
    try:
        assert flags_by_message_id(conn, "Projects") == {"p1@example.com": {"\\Seen"}, "p2@example.com": set()}
        assert set(flags_by_message_id(conn, "INBOX")) == {"s1@example.com", "s2@example.com", "i1@example.com"}
    finally:
        close(conn)
    # pulled: the server's INBOX messages are in the local INBOX
    assert {"s1@example.com", "s2@example.com", "i1@example.com"} <= set(maildir_messages(local / "INBOX"))

    # server-side changes: a new message in Projects, \Flagged on p2, \Deleted + expunge of s2
    conn = imap(site)
    try:
        typ, data = conn.append("Projects", "(\\Answered)", None,
                                local_message("srv3@example.com", "from server").replace(b"\n", b"\r\n"))
        assert typ == "OK", data
        conn.select("Projects")
        typ, data = conn.search(None, "HEADER", "Message-ID", "p2@example.com")
        assert typ == "OK" and data[0], data
        assert conn.store(data[0].decode(), "+FLAGS", "(\\Flagged)")[0] == "OK"
        conn.select("INBOX")
        typ, data = conn.search(None, "HEADER", "Message-ID", "s2@example.com")
        assert conn.store(data[0].decode(), "+FLAGS", "(\\Deleted)")[0] == "OK"
        assert conn.expunge()[0] == "OK"
        conn.close()
    finally:
        close(conn)
    # local-side changes: p1 gets \Flagged (F), i1 gets trashed (T) and so expunged by mbsync
    p1 = next(f for f in (local / "Projects" / "cur").iterdir() if b"p1@example.com" in f.read_bytes())
    p1.rename(p1.with_name(p1.name.split(":2,")[0] + ":2,FS"))
    i1 = next(f for sub in ("new", "cur") for f in (local / "INBOX" / sub).iterdir()
              if b"i1@example.com" in f.read_bytes())
    info = i1.name.split(":2,")[1] if ":2," in i1.name else ""
    i1.rename(local / "INBOX" / "cur" / (i1.name.split(":2,")[0] + ":2," + "".join(sorted(info + "T"))))
    mbsync(rc, d)

    local_projects = maildir_messages(local / "Projects")
    assert set(local_projects) == {"p1@example.com", "p2@example.com", "srv3@example.com"}, local_projects
    assert "F" in local_projects["p2@example.com"]  # flag set on the server, seen locally
    assert "R" in local_projects["srv3@example.com"]  # \Answered -> R
    local_inbox = maildir_messages(local / "INBOX")
    assert "s2@example.com" not in local_inbox  # expunged on the server
    assert "i1@example.com" not in local_inbox  # trashed locally, expunged here
    conn = imap(site)
    try:
        projects = flags_by_message_id(conn, "Projects")
        assert projects["p1@example.com"] == {"\\Seen", "\\Flagged"}  # flag set locally, seen on the server
        assert projects["srv3@example.com"] == {"\\Answered"}
        assert set(flags_by_message_id(conn, "INBOX")) == {"s1@example.com"}  # i1 expunged on the server
    finally:
        close(conn)
    assert set(maildir_messages(site["maildir"])) == {"s1@example.com"}
    # a third run is a no-op: both sides already agree
    mbsync(rc, d)
    assert set(maildir_messages(local / "Projects")) == {"p1@example.com", "p2@example.com", "srv3@example.com"}


# --- mutt under tmux ---------------------------------------------------------------------------


MUTTRC = """set imap_user = alice
set imap_pass = secret
set folder = imaps://127.0.0.1:{port}/
set spoolfile = +INBOX
set ssl_ca_certificates_file = {ca}
set certificate_file = {dir}/mutt-certificates
set ssl_verify_host = yes
set ssl_verify_dates = yes
set ssl_force_tls = yes
set header_cache = ""
set message_cachedir = ""
set record = ""
set postponed = ""
set mbox_type = Maildir
set move = no
set mark_old = no
set confirmappend = no
set quit = yes
set beep = no
set sleep_time = 0
set timeout = 5
set imap_keepalive = 30
set mail_check = 2
set wait_key = no
set pager_stop = yes
set sort = date-sent
"""


class Tmux:
    """A private tmux server (its own socket) running one program in a fixed-size pane."""

    def __init__(self, d, command, env):
        self.sock = str(d / "tmux.sock")
        self.env = env
        self.run("-f", "/dev/null", "new-session", "-d", "-x", "160", "-y", "40", "-s", "t", command)

    def run(self, *args):
        return subprocess.run(["tmux", "-S", self.sock, *args], capture_output=True, text=True, timeout=20,
                              env=self.env)

    def keys(self, *keys):
        r = self.run("send-keys", "-t", "t", *keys)
        assert r.returncode == 0, r.stderr

    def pane(self):
        return self.run("capture-pane", "-p", "-t", "t").stdout

    def wait_pane(self, pattern, what, timeout=20):
        seen = []

        def check():
            seen[:] = [self.pane()]
            return re.search(pattern, seen[0]) is not None
        try:
            wait(check, what, timeout)
        except AssertionError:
            raise AssertionError(f"timed out waiting for {what}; the pane shows:\n{seen[0] if seen else ''}")
        return seen[0]

    def alive(self):
        return self.run("has-session", "-t", "t").returncode == 0

    def kill(self):
        self.run("kill-server")


def server_flags(site, subject):
    conn = imap(site)
    try:
        conn.select("INBOX", readonly=True)
        typ, data = conn.search(None, "SUBJECT", f'"{subject}"')
        assert typ == "OK" and data[0], data
        typ, data = conn.fetch(data[0].decode(), "(FLAGS)")
        return set(re.search(rb"FLAGS \(([^)]*)\)", data[0]).group(1).decode().split()) - {"\\Recent"}
    finally:
        close(conn)


def test_mutt_reads_and_flags_over_imaps(site):
    d = site["dir"]
    muttrc = d / "muttrc"
    muttrc.write_text(MUTTRC.format(port=site["ports"]["imaps"], ca=site["ca"], dir=d))
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(d), "TERM": "xterm",
           "LANG": "C.UTF-8", "TMUX_TMPDIR": str(d)}
    tmux = Tmux(d, f"mutt -n -F {muttrc}", env)
    try:
        # the index of the server's INBOX: both subjects, so TLS verified and LOGIN worked
        pane = tmux.wait_pane(r"server two", "mutt's index of INBOX")
        assert "server one" in pane, pane
        assert not re.search(r"(?i)certificate|verif", pane), pane  # no prompt to accept the certificate
        # open the first message (sorted by date: "server one") and read its body in the pager
        tmux.keys("Home")  # first entry
        tmux.keys("Enter")
        pane = tmux.wait_pane(r"body of server one", "the body of 'server one' in mutt's pager")
        assert "Subject: server one" in pane, pane
        tmux.keys("i")  # back to the index
        tmux.wait_pane(r"server two", "mutt's index again")
        # flag the first message and write the change to the server
        tmux.keys("F")
        tmux.keys("$")
        wait(lambda: "\\Flagged" in server_flags(site, "server one"), "\\Flagged on 'server one' on the server")
        assert "\\Flagged" not in server_flags(site, "server two")
        assert "\\Seen" in server_flags(site, "server one")  # it was read
        tmux.keys("q")
        wait(lambda: not tmux.alive(), "mutt to quit", 20)
    finally:
        tmux.kill()
    # the flag is in the Maildir file's info too
    infos = maildir_messages(site["maildir"])
    assert "F" in infos["s1@example.com"] and "S" in infos["s1@example.com"], infos
    assert "F" not in infos["s2@example.com"], infos


# --- IDLE sees a roost-lda delivery ------------------------------------------------------------


def wire(site, user="alice", password="secret"):
    w = Wire.connect_tls(site["ports"]["imaps"], site["ca"])
    assert w.read_response().startswith(b"* OK ")
    _, tagged = w.command(f"LOGIN {user} {password}")
    assert b" OK " in tagged, tagged
    return w


@as_root
def test_idle_sees_an_lda_delivery(site):
    w = wire(site)
    try:
        untagged, _ = w.expect_tagged_ok("SELECT INBOX")
        assert b"* 2 EXISTS\r\n" in untagged
        tag = w.tag()
        w.send(tag + " IDLE\r\n")
        assert w.read_response().startswith(b"+ ")
        started = time.time()
        message = (b"From: dave@example.org\nTo: alice@example.com\nSubject: delivered by lda\n"
                   b"Message-ID: <lda1@example.org>\n\nfresh mail\n")
        r = subprocess.run([str(program("roost-lda")), "-c", str(site["conf"]), "-d", "alice"], input=message,
                           capture_output=True, timeout=60)
        assert r.returncode == 0, r.stderr
        seen = []
        while b"* 3 EXISTS\r\n" not in seen:
            left = started + 10 - time.time()
            assert left > 0, f"no EXISTS within 10 s of the delivery; got {seen}"
            seen.append(w.read_response(timeout=left))
        w.send("DONE\r\n")
        _, tagged = w.until_tagged(tag)
        assert tagged.startswith(tag.encode() + b" OK"), tagged
        untagged, _ = w.expect_tagged_ok("FETCH 3 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
        assert b"Subject: delivered by lda" in b"".join(untagged)
    finally:
        w.close()
    # delivered as the mail user
    new = [f for sub in ("new", "cur") for f in (site["maildir"] / sub).iterdir() if b"lda1@example.org" in f.read_bytes()]
    assert len(new) == 1 and new[0].stat().st_uid == site["uid"]


# --- privileges ----------------------------------------------------------------------------------


def proc_status(pid):
    out = {}
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        out[key] = value.split()
    return out


def cmdline(pid):
    try:
        return pathlib.Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def ppid(pid):
    stat = pathlib.Path(f"/proc/{pid}/stat").read_text()
    return int(stat[stat.rindex(")") + 2:].split()[1])


def site_pids(site, name):
    """Pids whose command line is `<...>/NAME -c <site dir>/...`."""
    prefix = f"/{name} -c {site['dir']}/"
    return [int(p) for p in os.listdir("/proc") if p.isdigit() and prefix in cmdline(p)]


def session_pids(site):
    """The imap worker's session processes: children of this site's roost-imap service process."""
    workers = site_pids(site, "roost-imap")
    services = [p for p in workers if ppid(p) not in workers]
    assert len(services) == 1, workers
    return [p for p in workers if ppid(p) == services[0]]


@as_root
def test_login_and_session_processes_run_unprivileged(site):
    w = wire(site)
    try:
        w.expect_tagged_ok("SELECT INBOX")
        logins = site_pids(site, "roost-imap-login")
        assert logins, "no imap-login process"
        null = pwd.getpwnam("roostnull")
        for pid in logins:
            st = proc_status(pid)
            assert [int(x) for x in st["Uid"]] == [null.pw_uid] * 4, st["Uid"]
            assert [int(x) for x in st["Gid"]] == [null.pw_gid] * 4, st["Gid"]
            assert "0" not in st.get("Groups", []), st.get("Groups")
            assert os.readlink(f"/proc/{pid}/root") == str(site["dir"] / "run" / "login")
            assert int(st["CapEff"][0], 16) == 0, st["CapEff"]
        wait(lambda: session_pids(site), "the session process")
        sessions = session_pids(site)
        assert len(sessions) == 1, sessions  # one connection, one session process
        st = proc_status(sessions[0])
        assert [int(x) for x in st["Uid"]] == [1000] * 4, st["Uid"]
        assert [int(x) for x in st["Gid"]] == [1000] * 4, st["Gid"]
        assert "0" not in st.get("Groups", []), st.get("Groups")
        assert int(st["CapEff"][0], 16) == 0 and int(st["CapPrm"][0], 16) == 0, (st["CapEff"], st["CapPrm"])
    finally:
        w.close()


TRAVERSALS = ["../bob", "../../bob/Maildir", "../../home/bob/Maildir", "..", "../.", ".../bob", "../bob/Maildir/.Private",
              "INBOX/../../bob", "/etc", "/tmp/x", "~bob", "~bob/Maildir", "~/../bob/Maildir"]


def tree(path):
    return sorted(str(p.relative_to(path)) for p in path.rglob("*"))


@as_root
def test_a_session_cannot_reach_another_users_mail(site):
    bob = site["bob_home"] / "Maildir"
    bob_before, site_before = tree(site["bob_home"]), sorted(p.name for p in site["dir"].iterdir())
    w = wire(site)
    try:
        for name in TRAVERSALS:
            quoted = '"' + name + '"'
            _, tagged = w.command(f"SELECT {quoted}")
            assert b" NO " in tagged or b" BAD " in tagged, (name, tagged)
            _, tagged = w.command(f"STATUS {quoted} (MESSAGES)")
            assert b" NO " in tagged or b" BAD " in tagged, (name, tagged)
            untagged, tagged = w.command(f'LIST "" {quoted}')
            assert not any(b"Private" in u or b"secret" in u for u in untagged), (name, untagged)
        refused = []
        for name in TRAVERSALS:  # a CREATE / APPEND that succeeds must stay inside alice's Maildir
            quoted = '"' + name + '"'
            _, tagged = w.command(f"CREATE {quoted}")
            if b" OK " not in tagged:
                refused.append(name)
            w.command(f"APPEND {quoted} {{7+}}\r\nX: evil")
        # every name that climbs out of the storage or is absolute is refused outright
        assert [n for n in TRAVERSALS if ".." in n.split("/") or n.startswith("/")] == \
            [n for n in refused if ".." in n.split("/") or n.startswith("/")], refused
        untagged, _ = w.expect_tagged_ok('LIST "" "*"')
        assert not any(b"Private" in u for u in untagged), untagged
        untagged, _ = w.expect_tagged_ok("SELECT INBOX")  # the session still works
        assert b"* 2 EXISTS\r\n" in untagged
    finally:
        w.close()
    # nothing was written into bob's storage or outside alice's Maildir
    assert tree(site["bob_home"]) == bob_before
    assert sorted(p.name for p in (bob / "new").iterdir()) == ["1700000100.M1P1.bob"]
    assert sorted(p.name for p in site["dir"].iterdir()) == site_before
    assert sorted(p.name for p in site["home"].iterdir()) == ["Maildir"]
    assert sorted(p.name for p in site["dir"].joinpath("home").iterdir()) == ["alice", "bob"]
    maildir = site["maildir"].resolve()
    for p in site["maildir"].rglob("*"):
        assert p.resolve().is_relative_to(maildir), p


@as_root
def test_a_symlink_to_another_users_maildir_is_refused_by_the_kernel(site):
    """Even a folder that points into bob's storage (a symlink alice made herself) cannot be read:
    the session runs with alice's uid, and bob's Maildir is 0700 bob."""
    link = site["maildir"] / ".Stolen"
    link.symlink_to(site["bob_home"] / "Maildir")
    os.chown(link, site["uid"], site["gid"], follow_symlinks=False)
    w = wire(site)
    try:
        untagged, tagged = w.command("SELECT Stolen")
        assert b" NO " in tagged, (tagged, untagged)
        assert not any(b"EXISTS" in u and not u.startswith(b"* 0 ") for u in untagged), untagged
        _, tagged = w.command("STATUS Stolen (MESSAGES)")
        assert b" NO " in tagged, tagged
        untagged, _ = w.expect_tagged_ok("SELECT INBOX")
        assert b"* 2 EXISTS\r\n" in untagged
    finally:
        w.close()
    assert not list((site["bob_home"] / "Maildir" / "cur").iterdir())


@as_root
def test_alices_uid_cannot_open_bobs_files(site):
    """What the kernel allows the session's uid: bob's Maildir files are neither readable nor listable."""
    bob = site["bob_home"] / "Maildir"
    target = bob / "new" / "1700000100.M1P1.bob"
    pid = os.fork()
    if pid == 0:  # the child takes alice's credentials as the session does, then tries
        code = 0
        try:
            os.setgroups([])
            os.setgid(1000)
            os.setuid(1000)
            checks = [os.access(target, os.R_OK), os.access(bob, os.R_OK), os.access(bob / "new", os.X_OK),
                      os.access(site["bob_home"], os.X_OK)]
            try:
                open(target, "rb").close()
                checks.append(True)
            except PermissionError:
                checks.append(False)
            code = 1 if any(checks) else 0
        except BaseException:
            code = 2
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
