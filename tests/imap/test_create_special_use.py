"""CREATE-SPECIAL-USE (RFC 6154 section 3): CREATE name (USE (...)) gives the new folder its
attributes, LIST shows them beside those of the config's mailbox blocks, they are kept per user
in a file beside the subscriptions (Maildir: roost-special-use; mbox: .roost-special-use, so no
listing takes it for a folder), follow RENAME (children too), go with DELETE, and an unknown or
unsupported attribute is refused with NO [USEATTR] before anything is made. When Debian's
Dovecot is installed, it lists the same Maildir without taking the file for a folder."""
import os
import shutil
import subprocess

import pytest

from conftest import free_port, program
import dovecot_imap
from imap_wire import Wire
from roost_site import mail_ids, maildir_user, new_site, site_config, start_master, stop_master, write_users

MAILBOXES = r"""namespace inbox {
  inbox = yes
  mailbox Trash {
    special_use = \Trash
  }
}
"""


@pytest.fixture(scope="module")
def site():
    d = new_site("roost-createuse-")
    home, mail = maildir_user(d)
    uid, gid = mail_ids()
    mbox_home = d / "home" / "mona"
    (mbox_home / "mail").mkdir(parents=True)
    for p in (mbox_home, mbox_home / "mail"):
        os.chown(p, uid, gid)
    alice = (d / "users").read_text().strip()
    write_users(d, [alice, f"mona:{{PLAIN}}secret:{uid}:{gid}::{mbox_home}::"
                           f"userdb_mail=mbox:~/mail:INBOX=~/mail/inbox"])
    ports = {"imap": free_port(), "imaps": free_port()}
    conf = d / "roost.conf"
    conf.write_text(site_config(d, "imap", ports, mail + MAILBOXES))
    start_master(conf, d / "roost.log", "imap worker service ready", "imap-login ready")
    yield {"dir": d, "home": home, "mbox_home": mbox_home, "port": ports["imap"]}
    stop_master(conf)
    shutil.rmtree(d, ignore_errors=True)


def login(site, user="alice"):
    w = Wire.connect_plain(site["port"])
    assert w.read_response().startswith(b"* OK ")
    _, tagged = w.command(f"LOGIN {user} secret")
    assert b" OK " in tagged, tagged
    return w, tagged


def listing(w, command='LIST "" "*"'):
    untagged, tagged = w.command(command)
    assert b" OK " in tagged, tagged
    out = {}
    for line in untagged:
        assert line.startswith(b"* LIST ("), line
        attrs, _, rest = line[len(b"* LIST ("):].partition(b")")
        out[rest.split()[-1].strip(b'"').decode()] = set(attrs.decode().split())
    return out


def uses(attrs):
    return {a for a in attrs if a not in ("\\HasChildren", "\\HasNoChildren", "\\Noselect", "\\Subscribed")}


def test_capabilities_announce_it(site):
    w, tagged = login(site)
    caps = tagged.split(b"]")[0].split()
    assert b"SPECIAL-USE" in caps and b"CREATE-SPECIAL-USE" in caps, tagged
    w.command("LOGOUT")


def test_create_with_use_lists_the_attribute_in_every_session(site):
    w, _ = login(site)
    _, tagged = w.command(r"CREATE Outbox (USE (\Sent))")
    assert b" OK " in tagged, tagged
    _, tagged = w.command(r"CREATE Keep (USE (\archive \JUNK \Archive))")
    assert b" OK " in tagged, tagged
    boxes = listing(w)
    assert uses(boxes["Outbox"]) == {"\\Sent"} and uses(boxes["Keep"]) == {"\\Archive", "\\Junk"}
    assert uses(boxes["INBOX"]) == set()
    w.command("LOGOUT")
    # Another session (another worker process) reads them back; the config's Trash joins in.
    w, _ = login(site)
    w.expect_tagged_ok("CREATE Trash")
    boxes = listing(w, 'LIST (SPECIAL-USE) "" "*"')
    assert {name: uses(a) for name, a in boxes.items()} == {
        "Outbox": {"\\Sent"}, "Keep": {"\\Archive", "\\Junk"}, "Trash": {"\\Trash"}}
    w.command("LOGOUT")
    kept = (site["home"] / "Maildir" / "roost-special-use").read_text()
    assert kept.startswith("V\t1\n") and "Outbox\t\\Sent\n" in kept, kept


@pytest.mark.parametrize("attribute", [r"\All", r"\Flagged", r"\Bogus"])
def test_unknown_or_unsupported_use_is_refused_and_nothing_made(site, attribute):
    w, _ = login(site)
    _, tagged = w.command(f"CREATE Nope (USE (\\Drafts {attribute}))")
    assert b" NO [USEATTR] " in tagged, tagged
    assert "Nope" not in listing(w)
    assert not (site["home"] / "Maildir" / ".Nope").exists()
    w.command("LOGOUT")


def test_rename_carries_the_attributes_with_the_children(site):
    w, _ = login(site)
    w.expect_tagged_ok(r"CREATE Old (USE (\Drafts))")
    w.expect_tagged_ok(r"CREATE Old.Sub (USE (\Trash))")
    w.expect_tagged_ok("RENAME Old New.Place")
    boxes = listing(w)
    assert "Old" not in boxes and "Old.Sub" not in boxes
    assert uses(boxes["New.Place"]) == {"\\Drafts"} and uses(boxes["New.Place.Sub"]) == {"\\Trash"}
    # A folder made again under the old name starts with no attributes.
    w.expect_tagged_ok("CREATE Old")
    assert uses(listing(w)["Old"]) == set()
    w.command("LOGOUT")


def test_delete_forgets_them_also_when_another_tool_deleted_the_folder(site):
    w, _ = login(site)
    w.expect_tagged_ok(r"CREATE Gone (USE (\Junk))")
    w.expect_tagged_ok("DELETE Gone")
    w.expect_tagged_ok("CREATE Gone")
    assert uses(listing(w)["Gone"]) == set()
    # Removed behind the server's back (rm -r), then made again over IMAP: no stale \Junk.
    w.expect_tagged_ok(r"CREATE Stale (USE (\Junk))")
    shutil.rmtree(site["home"] / "Maildir" / ".Stale")
    w.expect_tagged_ok("CREATE Stale")
    assert uses(listing(w)["Stale"]) == set()
    assert "Stale" not in (site["home"] / "Maildir" / "roost-special-use").read_text()
    w.command("LOGOUT")


def test_mbox_keeps_the_file_hidden(site):
    w, _ = login(site, "mona")
    w.expect_tagged_ok(r"CREATE Sent (USE (\Sent))")
    boxes = listing(w)
    assert uses(boxes["Sent"]) == {"\\Sent"}
    assert not any("special" in name for name in boxes), boxes
    w.command("LOGOUT")
    assert (site["mbox_home"] / "mail" / ".roost-special-use").read_text() == "V\t1\nSent\t\\Sent\n"


def test_roostadm_rename_and_delete_carry_them_as_imap_does(site):
    def adm(*args):
        r = subprocess.run([str(program("roostadm")), "mailbox", "-c", str(site["dir"] / "roost.conf"),
                            "-u", "alice", *args], capture_output=True, timeout=60)
        assert r.returncode == 0, r.stderr.decode(errors="replace")
        assert b"special-use" not in r.stderr, r.stderr

    w, _ = login(site)
    w.expect_tagged_ok(r"CREATE Outgoing (USE (\Sent))")
    w.expect_tagged_ok(r"CREATE Outgoing.Sub (USE (\Drafts))")
    w.expect_tagged_ok(r"CREATE Junkyard (USE (\Junk))")
    adm("rename", "Outgoing", "Sent.Items")
    adm("delete", "Junkyard")
    adm("create", "Junkyard")
    boxes = listing(w)
    assert "Outgoing" not in boxes
    assert uses(boxes["Sent.Items"]) == {"\\Sent"} and uses(boxes["Sent.Items.Sub"]) == {"\\Drafts"}
    assert uses(boxes["Junkyard"]) == set()
    w.command("LOGOUT")


@dovecot_imap.needs_dovecot
def test_dovecot_does_not_take_the_file_for_a_folder(site):
    d = site["dir"]
    home = d / "dovecot-home"
    shutil.copytree(site["home"], home, symlinks=True)
    assert (home / "Maildir" / "roost-special-use").exists()
    config, port = dovecot_imap.serve_home(d, "alice", home)
    with dovecot_imap.running(config, port):
        w = Wire.connect_plain(port, timeout=30)
        assert w.read_response().startswith(b"* OK")
        w.expect_tagged_ok("LOGIN alice secret")
        theirs = listing(w)
        w.command("LOGOUT")
    w, _ = login(site)
    ours = listing(w)
    w.command("LOGOUT")
    assert set(theirs) == set(ours), (theirs, ours)
