"""What a Maildir delivery syncs, and when, seen with strace: an acknowledged message (exit 0)
survives a crash. The message file is synced before it is linked into new/ (so new/ never
holds half a message), and the link in new/ and the appended dovecot-uidlist line are synced
before roost-lda exits, but after dovecot-uidlist.lock is released, so that parallel
deliveries do not wait for each other's disk writes (bench/lda/README.md)."""
import os
import pathlib
import re
import shutil
import subprocess
import tempfile

import pytest

from conftest import program

pytestmark = [
    pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace"),
    pytest.mark.skipif(os.geteuid() != 0, reason="runs roost-lda as nobody, as the bench does"),
]

NOBODY = 65534


def demote():
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def deliver(tmp_path, text, trace=None):
    conf = tmp_path / "roost.conf"
    cmd = [str(program("roost-lda")), "-c", str(conf), "-f", "s@example.org"]
    if trace is not None:
        cmd = ["strace", "-f", "-y", "-o", str(trace),
               "-e", "trace=openat,write,fsync,fdatasync,link,unlink,rename,exit_group"] + cmd
    r = subprocess.run(cmd, input=text, capture_output=True, timeout=60, preexec_fn=demote,
                       env={"HOME": str(tmp_path / "home"), "USER": "nobody", "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, r.stderr


def first(lines, pattern):
    """The index of the first line matching `pattern` (there must be one)."""
    for i, line in enumerate(lines):
        if re.search(pattern, line):
            return i
    raise AssertionError(f"no {pattern!r} in:\n" + "\n".join(lines))


@pytest.fixture
def work():
    # Not pytest's tmp_path: its parent is private to root, and roost-lda runs as nobody.
    d = pathlib.Path(tempfile.mkdtemp(prefix="roost-lda-sync-"))
    yield d
    shutil.rmtree(d, ignore_errors=True)


def test_message_is_synced_before_link_and_everything_before_exit(work):
    tmp_path = work
    home = tmp_path / "home"
    home.mkdir()
    os.chown(home, NOBODY, NOBODY)
    os.chmod(tmp_path, 0o755)
    (tmp_path / "roost.conf").write_text(f"mail_location = maildir:~/Maildir\nmail_fsync = optimized\n"
                                         f"log_path = {tmp_path}/lda.log\n")
    (tmp_path / "lda.log").touch()
    os.chown(tmp_path / "lda.log", NOBODY, NOBODY)
    for n in range(2):  # the first delivery writes a new uidlist; later ones append to it
        deliver(tmp_path, f"Subject: {n}\n\nbody\n".encode())
    trace = home / "trace"  # written by strace, which runs as nobody too
    deliver(tmp_path, b"Subject: traced\n\nbody\n", trace)
    lines = trace.read_text().splitlines()

    synced_file = first(lines, r"fsync\(\d+</[^>]*/Maildir/tmp/")
    linked = first(lines, r'link\("[^"]*/Maildir/tmp/[^"]*", "[^"]*/Maildir/new/')
    appended = first(lines, r"write\(\d+</[^>]*/Maildir/dovecot-uidlist>")
    unlocked = first(lines, r'unlink\("[^"]*/Maildir/dovecot-uidlist\.lock"\)')
    synced_new = first(lines, r"fsync\(\d+</[^>]*/Maildir/new>")
    synced_uidlist = first(lines, r"fdatasync\(\d+</[^>]*/Maildir/dovecot-uidlist>")
    exited = first(lines, r"exit_group\(0\)")

    assert synced_file < linked, "the message must be on disk before it is visible in new/"
    assert linked < appended < unlocked, "the UID is given under the lock"
    assert unlocked < synced_new < exited and unlocked < synced_uidlist < exited
    # The message, its UID line and nothing else: one file in new/, three UID lines.
    assert len(list((home / "Maildir" / "new").iterdir())) == 3
    uidlist = (home / "Maildir" / "dovecot-uidlist").read_text().splitlines()
    assert [line.split()[0] for line in uidlist[1:]] == ["1", "2", "3"]
