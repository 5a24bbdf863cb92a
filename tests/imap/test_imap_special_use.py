"""SPECIAL-USE (RFC 6154) from the inbox namespace's mailbox blocks, as 15-mailboxes.conf
writes them: the capability, the attributes in LIST, LIST (SPECIAL-USE) and RETURN
(SPECIAL-USE), and auto = create / subscribe folders made on login, in the Maildir."""
import os
import shutil

import pytest

from conftest import free_port
from imap_wire import Wire
from roost_site import mail_ids, maildir_user, new_site, site_config, start_master, stop_master

MAILBOXES = r"""namespace inbox {
  inbox = yes
  separator = /
  mailbox Drafts {
    special_use = \Drafts
  }
  mailbox Sent {
    special_use = \Sent
    auto = subscribe
  }
  mailbox Trash {
    special_use = \Trash
    auto = create
  }
}
"""


@pytest.fixture(scope="module")
def site():
    d = new_site("roost-specialuse-")
    home, mail = maildir_user(d)
    work = home / "Maildir" / ".Work" / "cur"
    work.mkdir(parents=True)
    uid, gid = mail_ids()
    for path in (work.parent, work):
        os.chown(path, uid, gid)
    ports = {"imap": free_port()}
    conf = d / "roost.conf"
    conf.write_text(site_config(d, "imap", ports, mail + MAILBOXES))
    start_master(conf, d / "roost.log", "imap worker service ready", "imap-login ready")
    yield {"dir": d, "home": home, "ports": ports}
    stop_master(conf)
    shutil.rmtree(d, ignore_errors=True)


def login(site):
    w = Wire.connect_plain(site["ports"]["imap"])
    assert w.read_response().startswith(b"* OK ")
    _, tagged = w.command("LOGIN alice secret")
    assert b"SPECIAL-USE" in tagged.split(b"]")[0].split(), tagged
    return w


def listing(w, command):
    untagged, tagged = w.command(command)
    assert b" OK " in tagged, tagged
    out = {}
    for line in untagged:
        assert line.startswith(b"* LIST ("), line
        attrs, _, rest = line[len(b"* LIST ("):].partition(b")")
        out[rest.split()[-1].strip(b'"').decode()] = set(attrs.decode().split())
    return out


def test_auto_folders_are_made_at_login(site):
    w = login(site)
    w.command("LOGOUT")
    maildir = site["home"] / "Maildir"
    assert (maildir / ".Sent" / "cur").is_dir() and (maildir / ".Trash" / "cur").is_dir()
    assert not (maildir / ".Drafts").exists()  # auto = no
    assert (maildir / "subscriptions").read_text().split("\n").count("Sent") == 1
    assert "Trash" not in (maildir / "subscriptions").read_text().split("\n")


def test_list_shows_the_attributes_and_selects_by_them(site):
    w = login(site)
    plain = listing(w, 'LIST "" "*"')
    assert plain["Sent"] == {"\\HasNoChildren", "\\Sent"}
    assert plain["Trash"] == {"\\HasNoChildren", "\\Trash"}
    assert plain["Work"] == {"\\HasNoChildren"}
    assert "Drafts" not in plain
    assert listing(w, 'LIST (SPECIAL-USE) "" "*"').keys() == {"Sent", "Trash"}
    returned = listing(w, 'LIST "" "*" RETURN (SPECIAL-USE SUBSCRIBED)')
    assert returned["Sent"] == {"\\HasNoChildren", "\\Sent", "\\Subscribed"}
    # An extended LIST that does not ask leaves them out (RFC 6154 allows either).
    assert listing(w, 'LIST "" "*" RETURN (CHILDREN)')["Sent"] == {"\\HasNoChildren"}
    # A folder the config names gets its attribute once the user makes it.
    w.command("CREATE Drafts")
    assert listing(w, 'LIST "" "Drafts"')["Drafts"] == {"\\HasNoChildren", "\\Drafts"}
    w.command("LOGOUT")
