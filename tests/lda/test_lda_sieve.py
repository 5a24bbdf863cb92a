"""roost-lda running the user's Sieve script: fileinto with flags and :create, reject (an MDN
to the sender), redirect, vacation (once per sender per period, never to lists, bulk or
automatic mail), discard, duplicate, sieve_before, and a broken script keeping the mail."""
import os
import pathlib
import shutil
import tempfile

import pytest

from lda_site import LdaSite, message

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="-d USER needs root, as under an MTA")


@pytest.fixture
def site():
    s = LdaSite()
    yield s
    s.stop()


def deliver(site, msg, sender="bob@example.org"):
    r = site.lda(msg, "-f", sender, "-a", "alice@example.com")
    assert r.returncode == 0, r.stderr
    return r


def test_fileinto_with_flags_and_create(site):
    site.sieve('require ["fileinto", "imap4flags", "mailbox"];\n'
               'if header :is "X-List" "dev" { fileinto :create :flags ["\\\\Seen", "$dev"] "Lists.dev"; }\n')
    deliver(site, message("for the list", extra="X-List: dev\n"))
    deliver(site, message("personal"))
    listed = site.maildir("Lists.dev")
    assert len(listed) == 1
    name = next(iter(listed))
    assert ":2," in name and "S" in name.split(":2,")[1]
    keywords = (site.home / "Maildir" / ".Lists.dev" / "dovecot-keywords").read_text()
    assert "$dev" in keywords
    inbox = site.maildir()
    assert len(inbox) == 1 and b"personal" in next(iter(inbox.values()))


def test_reject_sends_an_mdn_and_stores_nothing(site):
    site.sieve('require "reject";\nif header :contains "subject" "offer" { reject "No offers, thanks."; }\n')
    deliver(site, message("great offer"))
    assert site.maildir() == {}
    sent = site.captured()
    assert len(sent) == 1
    args, mail = sent[0]
    assert args[-2:] == ["--", "bob@example.org"]
    assert args[args.index("-f") + 1] == "<>"
    assert b"Subject: Rejected: great offer" in mail
    assert b"No offers, thanks." in mail
    assert b"report-type=disposition-notification" in mail


def test_reject_to_the_null_sender_sends_nothing(site):
    site.sieve('require "reject";\nreject "no";\n')
    r = site.lda(message("bounce"), "-f", "<>", "-a", "alice@example.com")
    assert r.returncode == 0
    assert site.captured() == []
    assert site.maildir() == {}


def test_redirect_forwards_the_message_unchanged(site):
    site.sieve('redirect "carol@example.net";\n')
    deliver(site, message("forward me"))
    assert site.maildir() == {}
    (args, mail), = site.captured()
    assert args[-1] == "carol@example.net"
    assert args[args.index("-f") + 1] == "bob@example.org"  # sieve_redirect_envelope_from = sender
    assert mail.endswith(b"body of forward me\n")
    assert b"Delivered-To: alice@example.com" in mail


def test_redirect_copy_also_keeps(site):
    site.sieve('require "copy";\nredirect :copy "carol@example.net";\n')
    deliver(site, message("copy me"))
    assert len(site.captured()) == 1
    assert len(site.maildir()) == 1


VACATION = ('require "vacation";\n'
            'vacation :days 1 :subject "Away" :addresses ["alice@example.com"] "I am away until Monday.";\n')


def vacation_replies(site):
    return [(args, mail) for args, mail in site.captured() if b"I am away until Monday." in mail]


def test_vacation_once_per_sender_per_period(site):
    site.sieve(VACATION)
    deliver(site, message("one"), sender="bob@example.org")
    deliver(site, message("two"), sender="bob@example.org")
    deliver(site, message("three", sender="carol@example.org"), sender="carol@example.org")
    replies = vacation_replies(site)
    assert [args[-1] for args, _ in replies] == ["bob@example.org", "carol@example.org"]
    for args, mail in replies:
        assert args[args.index("-f") + 1] == "<>"
        assert b"Subject: Away" in mail
        assert b"Auto-Submitted: auto-replied" in mail
    assert len(site.maildir()) == 3  # vacation keeps the message


@pytest.mark.parametrize("extra", ["List-Id: <dev.lists.example.org>\n", "Precedence: bulk\n",
                                   "Auto-Submitted: auto-generated\n", "List-Unsubscribe: <mailto:u@x>\n"])
def test_vacation_never_answers_lists_bulk_or_automatic_mail(site, extra):
    site.sieve(VACATION)
    deliver(site, message("list mail", extra=extra))
    assert vacation_replies(site) == []
    assert len(site.maildir()) == 1


def test_vacation_never_answers_the_null_sender_or_mail_not_to_the_user(site):
    site.sieve(VACATION)
    r = site.lda(message("bounce"), "-f", "<>", "-a", "alice@example.com")
    assert r.returncode == 0
    deliver(site, message("bcc", to="someone-else@example.com"))
    assert vacation_replies(site) == []


def test_discard(site):
    site.sieve('if header :contains "subject" "junk" { discard; }\n')
    deliver(site, message("junk mail"))
    deliver(site, message("real mail"))
    assert len(site.maildir()) == 1


def test_duplicate_is_filed_once(site):
    site.sieve('require ["duplicate", "fileinto", "mailbox"];\n'
               'if duplicate { fileinto :create "Dupes"; }\n')
    deliver(site, message("same id"))
    deliver(site, message("same id"))
    assert len(site.maildir()) == 1
    assert len(site.maildir("Dupes")) == 1


def test_broken_script_keeps_the_mail_and_logs_where(site):
    site.sieve('require "fileinto";\nfileinto "x"\nkeep;\n')
    deliver(site, message("kept anyway"))
    assert len(site.maildir()) == 1
    log = site.lda_log.read_text()
    assert ".dovecot.sieve: 3:" in log or ".dovecot.sieve: 2:" in log


def test_runtime_limit_keeps_the_mail(site):
    site.sieve('require ["fileinto", "mailbox"];\n' +
               "".join(f'fileinto :create "F{i}";\n' for i in range(40)))
    deliver(site, message("too many actions"))
    assert len(site.maildir()) == 1
    assert "sieve:" in site.lda_log.read_text()


@pytest.fixture
def before_dir():
    d = pathlib.Path(tempfile.mkdtemp(prefix="roost-before-", dir="/tmp"))
    d.chmod(0o755)
    yield d
    shutil.rmtree(d, ignore_errors=True)


def test_sieve_before_runs_first_and_can_end_the_chain(before_dir):
    script = before_dir / "10-spam.sieve"
    script.write_text('require ["fileinto", "mailbox"];\nif header :is "X-Spam" "yes" { fileinto :create "Junk"; }\n')
    script.chmod(0o644)
    s = LdaSite(f"plugin {{\n  sieve_before = {before_dir}\n}}\n")
    try:
        s.sieve('require "fileinto";\nfileinto "Personal";\n')
        for msg in (message("spam", extra="X-Spam: yes\n"), message("ham")):
            r = s.lda(msg, "-a", "alice@example.com", "-o", "lda_mailbox_autocreate=yes")
            assert r.returncode == 0, r.stderr
        assert len(s.maildir("Junk")) == 1
        assert b"spam" in next(iter(s.maildir("Junk").values()))
        assert len(s.maildir("Personal")) == 1
        assert s.maildir() == {}
    finally:
        s.stop()


def test_seed_90_sieve_conf_default_and_global_scripts(before_dir):
    """The course notes' 15-lda.conf + 90-sieve.conf (paths moved into a temporary folder): a user
    without a script gets sieve_default; one whose script includes a global script gets it from
    sieve_global_dir; folders are created and subscribed."""
    (before_dir / "default.sieve").write_text(
        'require ["fileinto"];\nif header :contains "subject" "[list]" { fileinto "Lists"; }\n')
    (before_dir / "spam.sieve").write_text('require ["fileinto"];\nif exists "X-Spam" { fileinto "Junk"; stop; }\n')
    for p in before_dir.iterdir():
        p.chmod(0o644)
    s = LdaSite(f"""lda_mailbox_autocreate = yes
lda_mailbox_autosubscribe = yes
plugin {{
    sieve = ~/.dovecot.sieve
    sieve_dir = ~/sieve
    sieve_default = {before_dir}/default.sieve
    sieve_global_dir = {before_dir}
}}
""")
    try:
        for msg in (message("[list] news"), message("hello")):
            assert s.lda(msg, "-a", "alice@example.com").returncode == 0
        assert len(s.maildir("Lists")) == 1 and len(s.maildir()) == 1
        assert "Lists" in (s.home / "Maildir" / "subscriptions").read_text()
        s.sieve('require ["include"];\ninclude :global "spam";\nkeep;\n')
        for msg in (message("spam", extra="X-Spam: yes\n"), message("[list] more")):
            assert s.lda(msg, "-a", "alice@example.com").returncode == 0
        assert len(s.maildir("Junk")) == 1
        assert len(s.maildir("Lists")) == 1 and len(s.maildir()) == 2  # the personal script replaced the default
    finally:
        s.stop()
