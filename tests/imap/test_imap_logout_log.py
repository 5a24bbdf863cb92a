"""imap_logout_format: the line a session's end leaves in the log, with Dovecot's default
format and counts of what the session did (bytes, \\Deleted, expunges, moves to Trash, header
and body fetches)."""
import re
import shutil

import pytest

from conftest import free_port
from imap_wire import Wire
from roost_site import maildir_user, new_site, site_config, start_master, stop_master, wait

TRASH = r"""namespace inbox {
  inbox = yes
  mailbox Trash {
    special_use = \Trash
    auto = create
  }
}
"""
MESSAGE = "Subject: counted\r\nFrom: a@example.org\r\n\r\nbody line\r\n"


@pytest.fixture(scope="module")
def site():
    d = new_site("roost-logout-")
    _, mail = maildir_user(d)
    ports = {"imap": free_port(), "imaps": free_port()}
    conf = d / "roost.conf"
    conf.write_text(site_config(d, "imap", ports, mail + TRASH))
    start_master(conf, d / "roost.log", "imap worker service ready", "imap-login ready")
    yield {"dir": d, "ports": ports}
    stop_master(conf)
    shutil.rmtree(d, ignore_errors=True)


def session(site):
    return Wire.logged_in(site["ports"]["imap"])


def ok(w, command):
    return w.expect_tagged_ok(command)[0]


def logged(site, pattern):
    found = []

    def seen():
        found[:] = re.findall(pattern, (site["dir"] / "roost.log").read_text())
        return found
    wait(seen, f"a log line matching {pattern}")
    return found[-1]


def test_logged_out_line_counts_what_the_session_did(site):
    w = session(site)
    for _ in range(3):
        ok(w, f"APPEND INBOX {{{len(MESSAGE)}+}}\r\n{MESSAGE}")
    ok(w, "SELECT INBOX")
    ok(w, "FETCH 1 (BODY.PEEK[HEADER] BODY.PEEK[HEADER.FIELDS (SUBJECT)])")  # one message's header
    ok(w, "FETCH 1:2 BODY.PEEK[TEXT]")
    ok(w, "STORE 1:2 +FLAGS.SILENT (\\Deleted)")
    ok(w, "STORE 1 +FLAGS.SILENT (\\Deleted)")  # already deleted: not counted again
    ok(w, "EXPUNGE")
    ok(w, "MOVE 1 Trash")
    w.command("LOGOUT")
    line = logged(site, r"Logged out (in=\d+ out=\d+ deleted=\d+ expunged=\d+ trashed=\d+ hdr_count=\d+ "
                        r"hdr_bytes=\d+ body_count=\d+ body_bytes=\d+)")
    counts = dict(item.split("=") for item in line.split())
    assert int(counts["in"]) > 200 and int(counts["out"]) > 300, line
    header = len(MESSAGE.split("\r\n\r\n")[0]) + 4
    assert (counts["deleted"], counts["expunged"], counts["trashed"]) == ("2", "3", "1"), line
    assert (counts["hdr_count"], counts["hdr_bytes"]) == ("1", str(header + len("Subject: counted\r\n\r\n"))), line
    assert (counts["body_count"], counts["body_bytes"]) == ("2", str(2 * len("body line\r\n"))), line


def test_a_client_that_hangs_up_is_logged_with_its_counts(site):
    w = session(site)
    ok(w, "NOOP")
    w.sock.close()
    logged(site, r"Disconnected: Connection closed in=\d+ out=\d+ deleted=0 expunged=0")
