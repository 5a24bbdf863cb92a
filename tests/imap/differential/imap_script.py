"""Command scripts for the IMAP differential test: parsing a `.imap` file into steps and playing
the steps over a raw connection, keeping every response line of every step.

Script lines (one step each; blank lines and lines starting with `#` are skipped):
  COMMAND TEXT        sent as `TAG COMMAND TEXT` CRLF; the step ends with the tagged answer. A
                      continuation after the whole command is answered with DONE for IDLE
                      (so `IDLE` is a step) and `*` (cancel) for anything else.
  !raw TEXT           TEXT sent as it is (escapes decoded) with CRLF, then a `TAG NOOP` that ends
                      the step: for lines a client should not send (no tag, bad literals...).
  !fresh              (first step only) play the script on a Maildir no session has opened yet;
                      otherwise a session selects every mailbox once before, as a client
                      that was there before would have.
In `!raw` lines and in literals, escapes \\r \\n \\t \\\\ and \\xHH are decoded (other command text
is sent as written, in UTF-8). Literals are written inline:
  <<TEXT>>            a synchronising literal `{n}` of TEXT (escapes decoded); the runner waits
                      for the `+` continuation, and a tagged answer instead ends the step.
  <<+TEXT>>           a non-synchronising literal `{n+}` (LITERAL+), sent without waiting.
  <<~TEXT>>           a literal8 `~{n}` (BINARY, RFC 3516), synchronising.
  <<file:NAME>>       the contents of messages/NAME as a synchronising literal (LF made CRLF);
                      `<<+file:NAME>>` and `<<~file:NAME>>` likewise.
  ${HIGHESTMODSEQ}    the server's last HIGHESTMODSEQ (SELECT, STATUS, ESEARCH),
  ${MODSEQ:N}         the MODSEQ its last FETCH showed for message N, and
  ${UIDVALIDITY}      the last [UIDVALIDITY] of a SELECT / EXAMINE: MODSEQ and UIDVALIDITY
                      values differ between servers by design, so scripts quote them from the
                      answers.
"""
from __future__ import annotations

import dataclasses
import pathlib
import re
import time

HERE = pathlib.Path(__file__).resolve().parent
MESSAGES = HERE / "messages"

CLOSED = b"<the server closed the connection>\r\n"  # the last "line" of a step that ended so
_LITERAL = re.compile(r"<<([+~]?)(.*?)>>", re.S)


@dataclasses.dataclass
class Step:
    line: int          # line number in the script, for messages
    text: str          # the script line as written (the key of KNOWN_DIFFERENCES)
    raw: bool          # `!raw`: no tag of ours, a NOOP ends the step
    pieces: list       # bytes to send, split after each synchronising literal's `{n}` CRLF


def unescape(text: str) -> bytes:
    out = bytearray()
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            n = text[i + 1]
            if n in "rnt\\":
                out += {"r": b"\r", "n": b"\n", "t": b"\t", "\\": b"\\"}[n]
                i += 2
                continue
            if n == "x":
                out.append(int(text[i + 2:i + 4], 16))
                i += 4
                continue
        out += c.encode("utf-8")
        i += 1
    return bytes(out)


def crlf(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def _literal_body(spec: str) -> bytes:
    if spec.startswith("file:"):
        return crlf((MESSAGES / spec[5:]).read_bytes())
    return unescape(spec)


def _pieces(text: str, raw: bool) -> list:
    """The command's bytes (without tag and final CRLF), cut after each `{n}` CRLF the server must
    answer with `+` before the literal follows."""
    plain = unescape if raw else (lambda t: t.encode("utf-8"))
    pieces = [b""]
    pos = 0
    for m in _LITERAL.finditer(text):
        pieces[-1] += plain(text[pos:m.start()])
        kind, body = m.group(1), _literal_body(m.group(2))
        if kind == "+":
            pieces[-1] += b"{%d+}\r\n" % len(body) + body
        else:
            pieces[-1] += (b"~" if kind == "~" else b"") + b"{%d}\r\n" % len(body)
            pieces.append(body)
        pos = m.end()
    pieces[-1] += plain(text[pos:])
    return pieces


def parse(path: pathlib.Path) -> tuple[list[Step], bool]:
    """The steps of a script, and whether it wants a Maildir no session has opened (!fresh)."""
    steps = []
    fresh = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.strip() == "!fresh" and not steps:
            fresh = True
            continue
        raw = line == "!raw" or line.startswith("!raw ")
        body = line[5:] if raw else line
        steps.append(Step(number, line, raw, _pieces(body, raw)))
    return steps, fresh


class Player:
    """Plays steps over an imap_wire.Wire that is already logged in; tags are d1, d2, ..."""

    def __init__(self, wire, timeout=30):
        self.wire = wire
        self.timeout = timeout
        self.n = 0
        self.closed = False
        self.values: dict[bytes, bytes] = {}  # ${...} substitutions

    def _learn(self, line: bytes) -> None:
        for m in re.finditer(rb"HIGHESTMODSEQ (\d+)", line, re.I):
            self.values[b"HIGHESTMODSEQ"] = m.group(1)
        m = re.search(rb"\[UIDVALIDITY (\d+)\]", line, re.I)
        if m:
            self.values[b"UIDVALIDITY"] = m.group(1)
        m = re.match(rb"\* (\d+) FETCH .*?\bMODSEQ \((\d+)\)", line, re.I | re.S)
        if m:
            self.values[b"MODSEQ:" + m.group(1)] = m.group(2)
        m = re.search(rb"\bESEARCH\b.*\bMODSEQ (\d+)", line, re.I)
        if m:
            self.values[b"HIGHESTMODSEQ"] = m.group(1)

    def _substitute(self, data: bytes) -> bytes:
        def value(m):
            if m.group(1) not in self.values:
                raise AssertionError(f"no value for ${{{m.group(1).decode()}}} yet")
            return self.values[m.group(1)]
        return re.sub(rb"\$\{([A-Z]+(?::\d+)?)\}", value, data)

    def _tag(self) -> bytes:
        self.n += 1
        return b"d%d" % self.n

    def _until(self, tag: bytes, out: list, deadline: float, stop_at_continuation: bool) -> bool:
        """Reads responses into `out` until the tagged one (True) or, if asked, a `+` (False)."""
        while True:
            line = self.wire.read_response(max(0.1, deadline - time.time()))
            self._learn(line)
            out.append(line)
            if line.startswith(tag + b" "):
                return True
            if stop_at_continuation and line.startswith(b"+"):
                return False

    def play(self, step: Step) -> list[bytes]:
        """Every response line of the step, in order, literals inlined; when the server closes
        the connection the last line is CLOSED and `self.closed` is set."""
        out: list[bytes] = []
        try:
            self._play(step, out)
        except ConnectionError:
            self.closed = True
            out.append(CLOSED)
        return out

    def _play(self, step: Step, out: list[bytes]) -> None:
        deadline = time.time() + self.timeout
        if step.raw:
            data = self._substitute(b"".join(step.pieces)) + b"\r\n"
            self.wire.send(data)
            tag = self._tag()
            self.wire.send(tag + b" NOOP\r\n")
            self._until(tag, out, deadline, False)
            return
        tag = self._tag()
        pieces = [self._substitute(p) for p in step.pieces]
        pieces[0] = tag + b" " + pieces[0]
        for i, piece in enumerate(pieces):
            last = i == len(pieces) - 1
            self.wire.send(piece + (b"\r\n" if last else b""))
            if self._until(tag, out, deadline, True):
                return  # answered (or, before all literals were sent, refused)
            if last:
                # A continuation after the whole command: IDLE is ended at once, anything else
                # (AUTHENTICATE) cancelled with "*".
                idle = re.match(rb"(UID )?IDLE\b", pieces[0][len(tag) + 1:], re.I)
                self.wire.send(b"DONE\r\n" if idle else b"*\r\n")
                self._until(tag, out, deadline, False)
