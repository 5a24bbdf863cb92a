"""roost-lda run as an MTA runs it (as root with -d, the user from Roost's auth service over
auth-userdb): delivery into Maildir with Return-Path and Delivered-To, -m with its fallback to
INBOX, and the exit codes Postfix reads: 0, 64, 67, 75."""
import os
import pathlib

import pytest

from lda_site import LdaSite, message

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="-d USER needs root, as under an MTA")


@pytest.fixture
def site():
    s = LdaSite()
    yield s
    s.stop()


def test_delivers_into_maildir_as_the_user(site):
    r = site.lda(message("first"), "-f", "bob@example.org", "-a", "alice@example.com")
    assert r.returncode == 0, r.stderr
    files = site.maildir()
    assert len(files) == 1
    data = next(iter(files.values()))
    assert data.startswith(b"Return-Path: <bob@example.org>\nDelivered-To: alice@example.com\nFrom: bob@example.org\n")
    assert data.endswith(b"body of first\n")
    new = next((site.home / "Maildir" / "new").iterdir())
    assert (new.stat().st_uid, new.stat().st_gid) == (site.uid, site.gid)
    assert "saved mail to INBOX" in site.lda_log.read_text()


def test_postfix_envelope_line_is_taken_off(site):
    msg = b"From bob@example.org  Mon Nov 23 10:00:00 2026\n" + message("enveloped")
    assert site.lda(msg).returncode == 0
    data = next(iter(site.maildir().values()))
    assert data.startswith(b"Return-Path: <bob@example.org>\n")
    assert b"\nFrom bob@" not in data and not data.startswith(b"From ")


def test_mailbox_option_and_fallback(site):
    assert site.lda(message("to missing"), "-m", "Missing").returncode == 0
    assert len(site.maildir()) == 1
    assert "saving to INBOX" in site.lda_log.read_text()
    assert site.lda(message("autocreated"), "-m", "Work.Reports", "-o", "lda_mailbox_autocreate=yes").returncode == 0
    assert len(site.maildir("Work.Reports")) == 1


def test_unknown_user_is_67(site):
    r = site.lda(message(), user="nobody-here")
    assert r.returncode == 67
    assert b"5.1.1" in r.stderr


def test_bad_option_is_64(site):
    assert site.lda(message(), "-Z").returncode == 64


def test_root_without_user_is_a_usage_error(site):
    assert site.lda(message(), user=None).returncode == 64


def test_auth_service_down_is_75_and_nothing_is_stored(site):
    r = site.lda(message(), "-o", f"base_dir={site.dir}/nowhere")
    assert r.returncode == 75
    assert r.stderr.startswith(b"4.")
    assert site.maildir() == {}


def test_broken_maildir_is_75(site):
    assert site.lda(message("one")).returncode == 0
    tmp = site.home / "Maildir" / "tmp"
    os.rmdir(tmp)
    tmp.write_text("not a directory")
    r = site.lda(message("two"))
    assert r.returncode == 75, r.stderr
    assert len(site.maildir()) == 1


def test_config_error_is_75_naming_the_line(site):
    bad = site.dir / "bad.conf"
    bad.write_text("mail_location = maildir:~/Maildir\nno_such_setting = 1\n")
    r = site.lda(message(), "-c", str(bad))
    assert r.returncode == 75
    assert f"{bad}:2".encode() in r.stderr


@pytest.fixture
def quota_site():
    # The user's limit comes from the userdb, as per-user quotas usually do.
    s = LdaSite("mail_plugins = quota\n", alice_fields="userdb_quota_rule=*:bytes=600")
    yield s
    s.stop()


def test_over_quota_mails_a_rejection_like_dovecot_lda(quota_site):
    s = quota_site
    assert s.lda(message("first", extra="X-Pad: " + "x" * 400 + "\n"), "-f", "bob@example.org").returncode == 0
    r = s.lda(message("second", extra="X-Pad: " + "x" * 400 + "\n"), "-f", "bob@example.org")
    assert r.returncode == 0, r.stderr
    assert len(s.maildir()) == 1
    (args, mail), = s.captured()
    assert args[-1] == "bob@example.org"
    assert b"Quota exceeded (mailbox for user is full)" in mail


def test_over_quota_with_e_is_77_and_with_tempfail_75(quota_site):
    s = quota_site
    big = message("big", extra="X-Pad: " + "x" * 900 + "\n")
    r = s.lda(big, "-e")
    assert r.returncode == 77
    assert r.stderr.startswith(b"5.2.2 Quota exceeded")
    r = s.lda(big, "-o", "quota_full_tempfail=yes")
    assert r.returncode == 75
    assert r.stderr.startswith(b"4.2.2 Quota exceeded")
    assert s.maildir() == {} and s.captured() == []
    assert s.lda(message("small")).returncode == 0  # a message that fits still arrives


def test_names_follow_the_inbox_namespace_prefix():
    # Courier-style folders: -m and fileinto name them as IMAP clients see them.
    s = LdaSite(extra_conf="namespace inbox {\n  inbox = yes\n  prefix = INBOX.\n  separator = .\n}\n")
    try:
        assert s.lda(message("by option"), "-m", "INBOX.Work", "-o", "lda_mailbox_autocreate=yes").returncode == 0
        assert len(s.maildir("Work")) == 1
        s.sieve('require ["fileinto", "mailbox"];\nif header :contains "subject" "junk" { fileinto :create "INBOX.Junk"; }\n'
                'elsif header :contains "subject" "bare" { fileinto :create "Junk"; }\n')
        assert s.lda(message("junk mail")).returncode == 0
        assert len(s.maildir("Junk")) == 1
        assert not (s.home / "Maildir" / ".INBOX.Junk").exists()
        # A name outside the prefix names no folder: the message goes to INBOX.
        assert s.lda(message("bare name")).returncode == 0
        assert len(s.maildir("Junk")) == 1 and len(s.maildir()) == 1
        assert "save to Junk failed" in s.lda_log.read_text()
    finally:
        s.stop()
