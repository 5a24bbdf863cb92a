"""A session that outgrows its service's vsz_limit ends with a log line saying so (not a silent
abort), and the service goes on taking new sessions."""
import shutil

import pytest

from conftest import free_port
from imap_wire import Wire
from roost_site import maildir_user, new_site, site_config, start_master, stop_master, wait

LIMIT = "service imap {\n  vsz_limit = 80M\n}\n"


@pytest.fixture
def site():
    d = new_site("roost-oom-")
    _, mail = maildir_user(d)
    ports = {"imap": free_port(), "imaps": free_port()}
    conf = d / "roost.conf"
    conf.write_text(site_config(d, "imap", ports, mail + LIMIT))
    start_master(conf, d / "roost.log", "imap worker service ready", "imap-login ready")
    yield {"dir": d, "port": ports["imap"]}
    stop_master(conf)
    shutil.rmtree(d, ignore_errors=True)


def test_out_of_memory_is_logged_and_the_service_goes_on(site):
    w = Wire.logged_in(site["port"])
    size = 60 * 1024 * 1024  # under APPENDLIMIT, over what 80M of address space can buffer
    w.send(f"a APPEND INBOX {{{size}+}}\r\n")
    line = b"x" * 1022 + b"\r\n"
    try:
        for _ in range(size // len(line)):
            w.sock.sendall(line)
    except OSError:
        pass  # the session ended while we were still sending
    log = site["dir"] / "roost.log"
    wait(lambda: "imap(alice): Error: Out of memory (service's vsz_limit reached?): session ended" in log.read_text(),
         "the out-of-memory log line")
    w2 = Wire.logged_in(site["port"])
    assert b" OK " in w2.command("NOOP")[1]
