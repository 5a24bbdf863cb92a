"""mail_max_userip_connections under the real master: a user may have that many IMAP (and,
separately, POP3) sessions from one address; the next login is refused with Dovecot's words
and a response code, and once a session ends its slot is free again."""
import imaplib
import poplib
import shutil

import pytest

from conftest import free_port
from roost_site import maildir_user, new_site, site_config, start_master, stop_master, wait

LIMIT = 2
REFUSAL = f"Maximum number of connections from user+IP exceeded (mail_max_userip_connections={LIMIT})"


@pytest.fixture(scope="module")
def site():
    d = new_site("roost-userip-")
    _, mail = maildir_user(d)
    ports = {"imap": free_port(), "pop3": free_port()}
    conf = d / "roost.conf"
    text = site_config(d, "imap", {"imap": ports["imap"]}, mail + f"mail_max_userip_connections = {LIMIT}\n")
    text = text.replace("protocols = imap\n", "protocols = imap pop3\n")
    text += f"service pop3-login {{\n  inet_listener pop3 {{\n    port = {ports['pop3']}\n  }}\n}}\n"
    conf.write_text(text)
    start_master(conf, d / "roost.log", "imap worker service ready", "pop3 worker service ready", "imap-login ready",
                 "pop3-login ready")
    yield {"dir": d, "ports": ports, "log": d / "roost.log"}
    stop_master(conf)
    shutil.rmtree(d, ignore_errors=True)


def imap_login(site):
    conn = imaplib.IMAP4("127.0.0.1", site["ports"]["imap"], timeout=10)
    conn.login("alice", "secret")
    return conn


def pop3_login(site):
    conn = poplib.POP3("127.0.0.1", site["ports"]["pop3"], timeout=10)
    conn.user("alice")
    conn.pass_("secret")
    return conn


def test_imap_sessions_beyond_the_limit_are_refused(site):
    held = [imap_login(site) for _ in range(LIMIT)]
    try:
        extra = imaplib.IMAP4("127.0.0.1", site["ports"]["imap"], timeout=10)
        with pytest.raises(imaplib.IMAP4.error) as refused:
            extra.login("alice", "secret")
        assert refused.value.args[0] == b"[UNAVAILABLE] " + REFUSAL.encode()
        # POP3 sessions are counted apart from IMAP ones, as in Dovecot.
        pop = pop3_login(site)
        pop.quit()
    finally:
        held.pop().logout()
    # The freed slot takes a new session (the worker may take a moment to exit).
    def relogin():
        try:
            held.append(imap_login(site))
            return True
        except imaplib.IMAP4.error:
            return False
    wait(relogin, "a login after a session ended")
    for conn in held:
        conn.logout()
    assert REFUSAL in site["log"].read_text(errors="replace")


def test_pop3_sessions_beyond_the_limit_are_refused(site):
    held = [pop3_login(site) for _ in range(LIMIT)]
    try:
        extra = poplib.POP3("127.0.0.1", site["ports"]["pop3"], timeout=10)
        extra.user("alice")
        with pytest.raises(poplib.error_proto) as refused:
            extra.pass_("secret")
        assert refused.value.args[0].decode() == "-ERR [IN-USE] " + REFUSAL
    finally:
        for conn in held:
            conn.quit()
