"""A redirect that cannot be sent for now (sendmail_path exits 75, or fails at all, as Dovecot
counts every sendmail failure as temporary) makes roost-lda exit 75 with nothing stored, sent
or recorded, so the MTA's retry does the whole delivery once, as Pigeonhole does. Once a copy
was filed or another mail sent, a retry would repeat it: the message is kept in INBOX instead.
Vacation replies and notifications are best effort and never defer the delivery."""
import os

import pytest

from lda_site import LdaSite, message

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="-d USER needs root, as under an MTA")

# Exits 75 (EX_TEMPFAIL) for a recipient with "later" in it, else captures like the site's.
PICKY_SENDMAIL = """#!/bin/sh
for a; do case "$a" in *later*) exit 75;; esac; done
exec {capture} {sent} "$@"
"""


@pytest.fixture
def site():
    s = LdaSite()
    picky = s.dir / "picky-sendmail"
    picky.write_text(PICKY_SENDMAIL.format(capture=s.dir / "capture-sendmail", sent=s.sent))
    picky.chmod(0o755)
    s.picky = picky
    yield s
    s.stop()


def deliver(site, msg, sendmail=None):
    args = ["-f", "bob@example.org", "-a", "alice@example.com"]
    if sendmail is not None:
        args += ["-o", f"sendmail_path={sendmail}"]
    return site.lda(msg, *args)


def test_redirect_that_fails_temporarily_defers_the_whole_delivery(site):
    site.sieve('redirect "later@example.net";\nredirect "carol@example.net";\n')
    r = deliver(site, message("not now"), site.picky)
    assert r.returncode == 75, r.stderr
    assert b"4.3.0" in r.stderr and b"redirect to <later@example.net> failed temporarily" in r.stderr
    assert site.maildir() == {}
    assert site.captured() == []  # carol's copy was not sent either: the retry sends both
    assert "the delivery is deferred" in site.lda_log.read_text()
    # The MTA's retry, once sendmail works again: each redirect sent once, nothing stored.
    r = deliver(site, message("not now"))
    assert r.returncode == 0, r.stderr
    assert sorted(args[-1] for args, _ in site.captured()) == ["carol@example.net", "later@example.net"]
    assert site.maildir() == {}


def test_redirect_copy_that_fails_temporarily_stores_no_keep(site):
    site.sieve('require "copy";\nredirect :copy "later@example.net";\n')
    r = deliver(site, message("copy later"), site.picky)
    assert r.returncode == 75, r.stderr
    assert site.maildir() == {}


def test_any_sendmail_failure_counts_as_temporary(site):
    site.sieve('redirect "carol@example.net";\n')
    r = deliver(site, message("false sendmail"), "/bin/false")
    assert r.returncode == 75, r.stderr
    assert site.maildir() == {}


def test_failure_after_another_redirect_was_sent_keeps_in_inbox(site):
    site.sieve('redirect "carol@example.net";\nredirect "later@example.net";\n')
    r = deliver(site, message("half sent"), site.picky)
    assert r.returncode == 0, r.stderr
    assert [args[-1] for args, _ in site.captured()] == ["carol@example.net"]
    assert len(site.maildir()) == 1
    assert "redirect to <later@example.net> failed temporarily" in site.lda_log.read_text()


def test_failure_after_a_fileinto_keeps_in_inbox(site):
    # fileinto is carried out before any mail is sent, wherever it is in the script.
    site.sieve('require ["fileinto", "mailbox"];\nredirect "later@example.net";\nfileinto :create "Filed";\n')
    r = deliver(site, message("filed"), site.picky)
    assert r.returncode == 0, r.stderr
    assert len(site.maildir("Filed")) == 1
    assert len(site.maildir()) == 1
    assert site.captured() == []


def test_deferred_delivery_records_no_duplicate(site):
    site.sieve('require "duplicate";\nif duplicate { discard; stop; }\nredirect "later@example.net";\n')
    assert deliver(site, message("dup"), site.picky).returncode == 75
    # The retry is the same message, but it was never delivered: not a duplicate.
    assert deliver(site, message("dup")).returncode == 0
    assert [args[-1] for args, _ in site.captured()] == ["later@example.net"]


def test_failed_vacation_reply_never_defers(site):
    site.sieve('require "vacation";\nvacation :addresses ["alice@example.com"] "away";\n')
    r = deliver(site, message("on holiday"), "/bin/false")
    assert r.returncode == 0, r.stderr
    assert len(site.maildir()) == 1
    assert "sending the vacation response failed" in site.lda_log.read_text()
