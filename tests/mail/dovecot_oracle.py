"""Runs Debian's Dovecot imap binary as a pre-authenticated session over a scratch Maildir and
returns its FETCH answers, so tests can compare Roost's IMAP views of messages with Dovecot's.

Usable as a module (fetch_items) and as a command for exploring behaviour:
    python3 tests/mail/dovecot_oracle.py "ENVELOPE BODYSTRUCTURE" FILE...
"""
from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

IMAP_BINARY = pathlib.Path("/usr/lib/dovecot/imap")
NOBODY_UID = 65534
NOBODY_GID = 65534


def available() -> bool:
    return IMAP_BINARY.exists()


class _Reader:
    """Splits an IMAP response stream into parsed values (str, bytes for literals, lists)."""

    def __init__(self, data: bytes):
        self.data = data
        self.pos = 0

    def at_end(self) -> bool:
        return self.pos >= len(self.data)

    def skip_spaces(self) -> None:
        while self.pos < len(self.data) and self.data[self.pos] == 0x20:
            self.pos += 1

    def line_rest(self) -> bytes:
        end = self.data.index(b"\r\n", self.pos)
        text = self.data[self.pos:end]
        self.pos = end + 2
        return text

    def value(self):
        """One IMAP value: returns ('nil'|'atom'|'string'|'list', payload, raw_bytes)."""
        self.skip_spaces()
        start = self.pos
        c = self.data[self.pos:self.pos + 1]
        if c == b"(":
            self.pos += 1
            items = []
            while True:
                self.skip_spaces()
                if self.data[self.pos:self.pos + 1] == b")":
                    self.pos += 1
                    break
                items.append(self.value())
            return ("list", items, self.data[start:self.pos])
        if c == b'"':
            self.pos += 1
            out = bytearray()
            while True:
                ch = self.data[self.pos]
                if ch == 0x5C:  # backslash
                    out.append(self.data[self.pos + 1])
                    self.pos += 2
                    continue
                self.pos += 1
                if ch == 0x22:
                    break
                out.append(ch)
            return ("string", bytes(out), self.data[start:self.pos])
        if c in (b"{", b"~"):
            if c == b"~":
                self.pos += 1
            end = self.data.index(b"}\r\n", self.pos)
            length = int(self.data[self.pos + 1:end])
            self.pos = end + 3
            payload = self.data[self.pos:self.pos + length]
            self.pos += length
            return ("string", payload, self.data[start:self.pos])
        # atom, number, NIL, or an item name such as BODY[HEADER.FIELDS (A B)]<0>
        depth = 0
        while self.pos < len(self.data):
            ch = self.data[self.pos]
            if ch == 0x5B:
                depth += 1
            elif ch == 0x5D:
                depth -= 1
            elif depth == 0 and ch in (0x20, 0x28, 0x29, 0x0D):
                break
            self.pos += 1
        raw = self.data[start:self.pos]
        if raw.upper() == b"NIL":
            return ("nil", None, raw)
        return ("atom", raw, raw)


def canonical(value) -> object:
    """A comparable form of a parsed value: quoted strings and literals compare equal."""
    kind, payload, _ = value
    if kind == "list":
        return [canonical(v) for v in payload]
    if kind == "nil":
        return None
    if kind == "atom":
        return ("atom", payload)
    return payload


def parse_fetch_responses(stream: bytes) -> dict[int, dict[str, tuple]]:
    """Maps sequence number -> {ITEM NAME: parsed value} for every '* n FETCH (...)' line."""
    reader = _Reader(stream)
    result: dict[int, dict[str, tuple]] = {}
    while not reader.at_end():
        if stream.startswith(b"* ", reader.pos):
            save = reader.pos
            reader.pos += 2
            word_end = stream.find(b" ", reader.pos)
            number = stream[reader.pos:word_end]
            if number.isdigit() and stream.startswith(b" FETCH (", word_end):
                reader.pos = word_end + 7
                items = reader.value()[1]
                reader.line_rest()
                entry = result.setdefault(int(number), {})
                for i in range(0, len(items) - 1, 2):
                    entry[items[i][1].decode("latin-1").upper()] = items[i + 1]
                continue
            reader.pos = save
        reader.line_rest()
    return result


def _run_session(conf: pathlib.Path, commands: list[str], env: dict, preexec) -> bytes:
    """Runs one imap session. stdin stays open until the LOGOUT answer arrived: Dovecot drops a
    FETCH still writing its output when it sees the end of its input."""
    errors = open(conf.parent / "stderr.log", "wb")  # a file: a full pipe would block imap
    proc = subprocess.Popen([str(IMAP_BINARY), "-c", str(conf)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=errors, env=env,
                            preexec_fn=preexec)
    try:
        proc.stdin.write(("\r\n".join(commands) + "\r\n").encode())
        proc.stdin.flush()
        out = bytearray()
        while True:
            chunk = os.read(proc.stdout.fileno(), 1 << 20)
            if not chunk:
                break
            out.extend(chunk)
            if out.endswith(b"\r\n") and (b"\r\nz OK" in out[-4096:] or
                                          b"\r\nz BAD" in out[-4096:]):
                break
        proc.stdin.close()
        out.extend(proc.stdout.read())
        proc.wait(timeout=300)
        return bytes(out)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        errors.close()


def _base_name(index: int) -> str:
    return f"{1000000000 + index}.M{index}P1.roost"


def fetch_items(messages: list[bytes], items: str, extra_commands: list[str] | None = None,
                workdir: pathlib.Path | None = None) -> list[dict[str, tuple]]:
    """Stores messages in a fresh Maildir, runs one Dovecot imap session and returns, for each
    message in order, its FETCH items as parsed values (see _Reader.value)."""
    own_tmp = workdir is None
    root = pathlib.Path(tempfile.mkdtemp(prefix="roost-dovecot-")) if own_tmp else workdir
    try:
        maildir = root / "Maildir"
        for sub in ("cur", "new", "tmp"):
            (maildir / sub).mkdir(parents=True, exist_ok=True)
        for i, msg in enumerate(messages):
            (maildir / "cur" / (_base_name(i) + ":2,S")).write_bytes(msg)
        conf = root / "dovecot.conf"
        conf.write_text(
            f"mail_location = maildir:{maildir}\n"
            f"log_path = {root}/dovecot.log\n"
            "ssl = no\n"
            "mail_cache_min_mail_count = 0\n"
            "mail_max_userip_connections = 0\n")
        session = ["a SELECT INBOX", f"b FETCH 1:* (X-GUID {items})"]
        session += extra_commands or []
        session.append("z LOGOUT")
        preexec = None
        user = os.environ.get("USER", "roost")
        if os.geteuid() == 0:
            # Dovecot refuses to access mail as root: run the session as nobody.
            for path in [root, *root.rglob("*")]:
                os.chown(path, NOBODY_UID, NOBODY_GID)

            def preexec():  # noqa: E306
                os.setgroups([])
                os.setgid(NOBODY_GID)
                os.setuid(NOBODY_UID)
            user = "nobody"
        env = {"USER": user, "HOME": str(root), "PATH": "/usr/bin:/bin"}
        stdout = _run_session(conf, session, env, preexec)
        if b"\r\nb OK" not in stdout:
            raise RuntimeError("dovecot imap failed: " + stdout[-2000:].decode("latin-1"))
        by_seq = parse_fetch_responses(stdout)
        by_name = {}
        for entry in by_seq.values():
            guid = entry.get("X-GUID")
            if guid is not None:
                name = guid[1].decode() if isinstance(guid[1], bytes) else guid[1]
                by_name[name] = entry
        return [by_name.get(_base_name(i), {}) for i in range(len(messages))]
    finally:
        if own_tmp:
            shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str]) -> int:
    items = argv[1]
    files = argv[2:]
    messages = [pathlib.Path(f).read_bytes() for f in files]
    out = sys.stdout.buffer
    for name, entry in zip(files, fetch_items(messages, items)):
        out.write(f"== {name}\n".encode())
        for key, value in entry.items():
            if key != "X-GUID":
                out.write(key.encode() + b" " + value[2] + b"\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
