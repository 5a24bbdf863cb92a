"""A throw-away Maildir shared by Debian's Dovecot 2.3 (doveadm, dovecot-lda; no daemon) and
roost-storage-tool, for interop tests of the storage library.

Dovecot refuses to touch mail as root, so when the tests run as root both programs run as
nobody; otherwise both run as the current user. Dovecot needs no auth service here: without -u,
doveadm and dovecot-lda take the user from $USER and $HOME.
"""
from __future__ import annotations

import json
import os
import pathlib
import re
import shutil
import subprocess
import tempfile

DOVEADM = pathlib.Path("/usr/bin/doveadm")
LDA = pathlib.Path("/usr/lib/dovecot/dovecot-lda")
TIMEOUT = 30


def available() -> bool:
    return DOVEADM.exists() and LDA.exists()


class Site:
    def __init__(self, tool: pathlib.Path, layout: str = ""):
        self.dir = pathlib.Path(tempfile.mkdtemp(prefix="roost-storage-"))
        self.maildir = self.dir / "Maildir"
        self.location = f"maildir:{self.maildir}{layout}"
        if os.geteuid() == 0:
            self.uid, self.gid = 65534, 65534
        else:
            self.uid, self.gid = os.getuid(), os.getgid()
        for sub in ("run", "state", "home", "bin"):
            (self.dir / sub).mkdir()
        # The build tree may not be readable by nobody: run a private copy of the tool.
        self.tool = self.dir / "bin" / "roost-storage-tool"
        shutil.copy2(tool, self.tool)
        self.conf = self.dir / "dovecot.conf"
        self.conf.write_text(
            f"base_dir = {self.dir}/run\n"
            f"state_dir = {self.dir}/state\n"
            f"log_path = {self.dir}/dovecot.log\n"
            f"mail_location = {self.location}\n"
            f"mail_uid = {self.uid}\n"
            f"mail_gid = {self.gid}\n"
            "first_valid_uid = 0\nfirst_valid_gid = 0\n"
            "ssl = no\n"
            f"passdb {{\n  driver = passwd-file\n  args = {self.dir}/passwd\n}}\n"
            f"userdb {{\n  driver = passwd-file\n  args = {self.dir}/passwd\n}}\n")
        (self.dir / "passwd").write_text(
            f"tester:{{PLAIN}}x:{self.uid}:{self.gid}::{self.dir}/home::\n")
        for path in [self.dir, *self.dir.rglob("*")]:
            os.chown(path, self.uid, self.gid)
        self.tool.chmod(0o755)

    def close(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)

    # --- running the programs ------------------------------------------------------------

    def _env(self) -> dict:
        return {"USER": "tester", "HOME": str(self.dir / "home"), "PATH": "/usr/bin:/bin",
                "LANG": "C.UTF-8"}

    def _as_mail_user(self) -> dict:
        if os.geteuid() == 0:
            return {"user": self.uid, "group": self.gid, "extra_groups": []}
        return {}

    def doveadm(self, *args: str, stdin: bytes | None = None) -> str:
        r = subprocess.run([str(DOVEADM), "-c", str(self.conf), *args], input=stdin,
                           env=self._env(), capture_output=True, timeout=TIMEOUT)
        if r.returncode != 0:
            raise AssertionError(f"doveadm {' '.join(args)} failed ({r.returncode}): "
                                 f"{r.stderr.decode(errors='replace')}")
        return r.stdout.decode("utf-8")

    def lda(self, message: bytes, *args: str) -> None:
        r = subprocess.run([str(LDA), "-c", str(self.conf), "-f", "sender@example.org", *args],
                           input=message, env=self._env(), capture_output=True, timeout=TIMEOUT,
                           **self._as_mail_user())
        assert r.returncode == 0, f"dovecot-lda failed ({r.returncode}): {r.stderr!r}"

    def roost_run(self, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([str(self.tool), "-l", self.location, *args], input=stdin,
                              env=self._env(), capture_output=True, timeout=TIMEOUT,
                              **self._as_mail_user())

    def roost(self, *args: str, stdin: bytes | None = None):
        r = self.roost_run(*args, stdin=stdin)
        if r.returncode != 0:
            raise AssertionError(f"roost-storage-tool {' '.join(args)} failed "
                                 f"({r.returncode}): {r.stderr.decode(errors='replace')}")
        return json.loads(r.stdout)

    # --- views of a mailbox --------------------------------------------------------------

    def dovecot_flags(self, mailbox: str = "INBOX") -> dict[int, set[str]]:
        """UID -> flags and keywords as Dovecot reports them, without \\Recent (which is
        session state)."""
        out = {}
        text = self.doveadm("-f", "flow", "fetch", "uid flags", "mailbox", mailbox, "all")
        for line in text.splitlines():
            m = re.fullmatch(r"uid=(\d+) flags=(.*)", line.strip())
            assert m, f"unexpected doveadm output: {line!r}"
            out[int(m.group(1))] = set(m.group(2).split()) - {"\\Recent"}
        return out

    def dovecot_dates(self, mailbox: str = "INBOX") -> dict[int, int]:
        out = {}
        text = self.doveadm("-f", "flow", "fetch", "uid date.received.unixtime", "mailbox",
                            mailbox, "all")
        for line in text.splitlines():
            m = re.fullmatch(r"uid=(\d+) date\.received\.unixtime=(\d+)", line.strip())
            assert m, f"unexpected doveadm output: {line!r}"
            out[int(m.group(1))] = int(m.group(2))
        return out

    def dovecot_status(self, mailbox: str = "INBOX") -> dict[str, int]:
        text = self.doveadm("-f", "flow", "mailbox", "status", "messages uidnext uidvalidity",
                            mailbox)
        return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", text)}

    def dovecot_mailboxes(self, subscribed: bool = False) -> set[str]:
        args = ["mailbox", "list"] + (["-s"] if subscribed else [])
        return set(self.doveadm(*args).split("\n")) - {""}

    def roost_flags(self, mailbox: str = "INBOX") -> dict[int, set[str]]:
        fetched = self.roost("fetch", mailbox, "--examine")
        return {m["uid"]: set(m["flags"]) - {"\\Recent"} for m in fetched["messages"]}
