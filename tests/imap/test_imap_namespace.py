"""The inbox namespace's prefix and separator as clients see them: Courier-style folders below
`prefix = INBOX.` and `separator = /` over a Maildir++ layout, answered as Dovecot 2.3 answers
(its replies to these commands were taken from Debian's dovecot on the same Maildir)."""
import os
import shutil

import pytest

from conftest import free_port
from imap_wire import Wire
from roost_site import mail_ids, maildir_user, new_site, site_config, start_master, stop_master

COURIER = """namespace inbox {
  inbox = yes
  prefix = INBOX.
  separator = .
}
"""

SLASH = """namespace inbox {
  inbox = yes
  separator = /
}
"""


def start(prefix, namespace):
    d = new_site(prefix)
    home, mail = maildir_user(d)
    uid, gid = mail_ids()
    for folder in (".Sent", ".Sent.2024"):
        for sub in ("cur", "new", "tmp"):
            (home / "Maildir" / folder / sub).mkdir(parents=True)
        for path in [home / "Maildir" / folder, *(home / "Maildir" / folder).iterdir()]:
            os.chown(path, uid, gid)
    (home / "Maildir" / "subscriptions").write_text("Sent\n")
    os.chown(home / "Maildir" / "subscriptions", uid, gid)
    ports = {"imap": free_port(), "imaps": free_port()}
    conf = d / "roost.conf"
    conf.write_text(site_config(d, "imap", ports, mail + namespace))
    start_master(conf, d / "roost.log", "imap worker service ready", "imap-login ready")
    return {"dir": d, "home": home, "ports": ports, "conf": conf}


def stop(site):
    stop_master(site["conf"])
    shutil.rmtree(site["dir"], ignore_errors=True)


@pytest.fixture(scope="module")
def courier():
    site = start("roost-ns-courier-", COURIER)
    yield site
    stop(site)


@pytest.fixture(scope="module")
def slash():
    site = start("roost-ns-slash-", SLASH)
    yield site
    stop(site)


def login(site):
    return Wire.logged_in(site["ports"]["imap"])


def ok(w, command):
    return w.expect_tagged_ok(command)[0]


def names(untagged, kind=b"LIST"):
    out = {}
    for line in untagged:
        assert line.startswith(b"* " + kind + b" ("), line
        attrs, _, rest = line[len(kind) + 4:].partition(b")")
        sep, name = rest.split()
        out[name.strip(b'"').decode()] = (set(attrs.decode().split()), sep.strip(b'"').decode())
    return out


def test_namespace_reply_has_the_prefix(courier):
    w = login(courier)
    assert ok(w, "NAMESPACE") == [b'* NAMESPACE (("INBOX." ".")) NIL NIL\r\n']


def test_every_folder_is_listed_below_inbox(courier):
    w = login(courier)
    top = names(ok(w, 'LIST "" "%"'))
    assert top == {"INBOX": ({"\\HasChildren"}, ".")}
    every = names(ok(w, 'LIST "" "*"'))
    assert set(every) == {"INBOX", "INBOX.Sent", "INBOX.Sent.2024"}
    assert "\\HasChildren" in every["INBOX.Sent"][0]
    assert set(names(ok(w, 'LIST "" "INBOX.%"'))) == {"INBOX.Sent"}
    assert set(names(ok(w, 'LSUB "" "*"'), b"LSUB")) == {"INBOX.Sent"}


def test_names_outside_the_prefix_are_refused(courier):
    w = login(courier)
    for command in ("SELECT Sent", "CREATE Foo", "STATUS Sent (MESSAGES)"):
        _, tagged = w.command(command)
        assert b" NO Client tried to access nonexistent namespace. (Mailbox name should probably be prefixed with: INBOX.)" \
            in tagged, (command, tagged)
    ok(w, "SELECT INBOX")
    _, tagged = w.command("COPY 1:* Sent")
    assert b" NO " in tagged or b" BAD " in tagged, tagged
    assert not (courier["home"] / "Maildir" / ".Foo").exists()


def test_prefixed_names_reach_the_folders(courier):
    w = login(courier)
    assert b"* 0 EXISTS\r\n" in ok(w, "SELECT inbox.Sent")
    ok(w, "CREATE INBOX.Bar")
    assert (courier["home"] / "Maildir" / ".Bar" / "cur").is_dir()
    ok(w, "SUBSCRIBE INBOX.Bar")
    assert "Bar" in (courier["home"] / "Maildir" / "subscriptions").read_text().split()
    message = "Subject: hi\r\n\r\nbody\r\n"
    ok(w, f"APPEND INBOX.Bar {{{len(message)}+}}\r\n{message}")
    assert ok(w, "STATUS INBOX.Bar (MESSAGES)") == [b"* STATUS INBOX.Bar (MESSAGES 1)\r\n"]
    ok(w, "RENAME INBOX.Bar INBOX.Sent.Old")
    assert (courier["home"] / "Maildir" / ".Sent.Old" / "cur").is_dir()
    _, tagged = w.command("CREATE INBOX.")
    assert b" NO [ALREADYEXISTS]" in tagged, tagged
    ok(w, "DELETE INBOX.Sent.Old")


def test_slash_separator_over_maildir_plus_plus(slash):
    w = login(slash)
    assert ok(w, "NAMESPACE") == [b'* NAMESPACE (("" "/")) NIL NIL\r\n']
    every = names(ok(w, 'LIST "" "*"'))
    assert {"INBOX", "Sent", "Sent/2024"} <= set(every)
    assert {sep for _, sep in every.values()} == {"/"}
    ok(w, "SELECT Sent/2024")
    ok(w, "CREATE x/y")
    assert (slash["home"] / "Maildir" / ".x.y" / "cur").is_dir()
    # A '.' would be a level in Maildir++ names: Dovecot refuses it with this separator.
    _, tagged = w.command("CREATE a.b")
    assert b" NO [CANNOT]" in tagged, tagged
    assert not (slash["home"] / "Maildir" / ".a.b").exists()
