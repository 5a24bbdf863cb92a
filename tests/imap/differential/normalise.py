"""Normalisation of IMAP responses for the differential test: what two correct servers may
answer differently is replaced by placeholders, everything else is kept byte for byte.

Replaced, and why:
  tags                      the runner's tags (and the ones in `!raw` lines) are not the answer.
  text after OK/NO/BAD/BYE  human text is server-specific (RFC 3501 7.1); the [CODE] stays.
  `+` continuation text     the same: only that a continuation came matters.
  CAPABILITY lists, ID      each server names itself and its own extensions.
  UIDVALIDITY values        derived from the time the mailbox was first seen: each distinct value
                            becomes V1, V2 ... in order of appearance, so "same mailbox, same
                            UIDVALIDITY" and "new mailbox, new UIDVALIDITY" are still compared.
  INTERNALDATE of new mail  mail appended without a date gets the current time; dates within a
                            day of the run become "<now>".
  FETCH item order          RFC 3501 7.4.2 fixes none (Dovecot puts FLAGS first, for one): the
                            items of each FETCH response are sorted by name.
  LIST / LSUB order         RFC 3501 6.3.8 fixes none (Dovecot lists in directory order): the
                            responses (each with the STATUS of LIST-STATUS after it) are sorted
                            by mailbox name, and so are the attributes inside each.
  \\Marked, \\UnMarked        optional (RFC 3501 7.2.2); Dovecot sends them in extended LISTs only.
  \\HasChildren and           an extended LIST (RFC 5258) need not say them unless RETURN
  \\HasNoChildren             (CHILDREN) asks; Roost always does, Dovecot only then: dropped
                            from extended LISTs without CHILDREN.
  STATUS / ESEARCH items    in any order (RFC 3501 7.2.4, RFC 4731): sorted by name.
  pipelined completions     RFC 3501 5.5 lets a server run pipelined commands at once (Dovecot
                            does): in a `!raw` step that sends several lines, the tagged answers
                            are compared as a set, after the untagged ones.
  [BADCHARSET (...)]        the list of charsets is optional and server-specific: dropped.
  MODSEQ values             each server numbers changes its own way: Roost gives every message
                            its own MODSEQ when it first indexes a mailbox and every changed
                            message its own new one, Dovecot starts them all at 1 and gives one
                            value to all messages a command changed. Per mailbox, values up to its
                            HIGHESTMODSEQ before the script (or, without one, the first the session
                            saw) become "B" (unchanged by the script) and later ones "S<n>", n the
                            first step that showed the value: which messages a step changed, and
                            what CHANGEDSINCE finds, is still compared.
  [HIGHESTMODSEQ] on SELECT Roost sends it on every SELECT / EXAMINE (RFC 4551 3.1.1 asks for it
  before CONDSTORE          from a server with persistent MODSEQs), Dovecot only once the client
                            enabled CONDSTORE: dropped until a step used CONDSTORE or MODSEQ.
"""
from __future__ import annotations

import datetime
import re

STATUS = re.compile(r"^(\*|TAG) (OK|NO|BAD|BYE|PREAUTH)\b(?: (\[[^\]]*\]))?.*$", re.S | re.I)
INTERNALDATE = re.compile(r'INTERNALDATE "([ 0-9]\d-\w{3}-\d{4} \d\d:\d\d:\d\d [+-]\d{4})"')


MODSEQ_VALUE = re.compile(r"(HIGHESTMODSEQ |MODSEQ \(|\(MODSEQ |\bMODSEQ )(\d+)", re.I)
SELECTING = re.compile(r"^(?:SELECT|EXAMINE) +(\S+)", re.I)
ENABLES_CONDSTORE = re.compile(r"CONDSTORE|MODSEQ|CHANGEDSINCE", re.I)


LIST_LINE = re.compile(rb"^\* (?:LIST|LSUB) \([^)]*\) (?:NIL|\"(?:[^\"\\\\]|\\\\.)*\") (.*)$", re.S | re.I)
EXTENDED_LIST = re.compile(r"^LIST\s+(\(|\S+\s+\()|^LIST\b.*\bRETURN\b", re.I)


def sort_list_groups(lines: list[bytes]) -> list[bytes]:
    """The step's lines with each run of LIST / LSUB responses (a LIST-STATUS STATUS stays with
    its LIST) sorted by mailbox name."""
    out: list[bytes] = []
    run: list[list[bytes]] = []

    def flush():
        for group in sorted(run, key=lambda g: LIST_LINE.match(g[0]).group(1).upper()):
            out.extend(group)
        run.clear()
    for line in lines:
        if LIST_LINE.match(line):
            run.append([line])
        elif run and re.match(rb"^\* STATUS ", line, re.I):
            run[-1].append(line)
        else:
            flush()
            out.append(line)
    flush()
    return out


def sort_pairs(text: str) -> str:
    """`NAME value NAME value ...` sorted by name (values are numbers or sequence sets)."""
    words = text.split(" ")
    if len(words) % 2:
        return text
    pairs = sorted(zip(words[::2], words[1::2]), key=lambda p: p[0].upper())
    return " ".join(f"{a} {b}" for a, b in pairs)


def mailbox_key(name: str) -> str:
    name = name.strip('"')
    return "INBOX" if name.upper() == "INBOX" else name


def _value_end(s: str, i: int) -> int:
    """The end of the IMAP value starting at s[i] (list, quoted string, literal, atom)."""
    if s.startswith("~{", i):
        i += 1
    if s[i] == "{":
        close = s.index("}", i)
        return close + 3 + int(s[i + 1:close].rstrip("+"))
    if s[i] == '"':
        i += 1
        while s[i] != '"':
            i += 2 if s[i] == "\\" else 1
        return i + 1
    if s[i] == "(":
        i += 1
        while s[i] != ")":
            if s[i] == " ":
                i += 1
                continue
            i = _value_end(s, i)
        return i + 1
    while i < len(s) and s[i] not in " )":
        i += 1
    return i


def sort_fetch_items(s: str) -> str:
    """`* n FETCH (...)` with its items sorted by name; other lines (and FETCH lines that do
    not parse) unchanged."""
    m = re.match(r"^\* \d+ FETCH \(", s, re.I)
    if not m:
        return s
    items = []
    i = m.end()
    try:
        while s[i] != ")":
            start = i
            while s[i] not in " [":
                i += 1
            if s[i] == "[":
                i = s.index("]", i) + 1
                if s.startswith("<", i):
                    i = s.index(">", i) + 1
            name = s[start:i]
            i = _value_end(s, i + 1)
            items.append((name.upper(), s[start:i]))
            if s[i] == " ":
                i += 1
        if i != len(s) - 1:
            return s
    except (IndexError, ValueError):
        return s
    return s[:m.end()] + " ".join(text for _, text in sorted(items, key=lambda t: t[0])) + ")"


class Normaliser:
    """Normalises one session's responses; placeholders are numbered per session."""

    def __init__(self, now: float, baselines: dict[str, int]):
        self.now = now
        self.validities: dict[str, str] = {}
        self.selected = ""
        self.condstore = False
        self.children_optional = False  # an extended LIST without RETURN (CHILDREN)
        self.first_highest: dict[str, int] = dict(baselines)
        self.first_step: dict[tuple[str, int], int] = {}  # (mailbox, MODSEQ) -> step number
        self.step = 0

    def validity(self, value: str) -> str:
        return self.validities.setdefault(value, f"V{len(self.validities) + 1}")

    def command(self, text: str) -> None:
        self.step += 1
        m = SELECTING.match(text)
        if m:
            self.selected = mailbox_key(m.group(1))
        elif re.match(r"^(CLOSE|UNSELECT)\b", text, re.I):
            self.selected = ""
        if ENABLES_CONDSTORE.search(text):
            self.condstore = True
        self.children_optional = bool(EXTENDED_LIST.match(text)) and not re.search(
            r"\bRETURN\b.*\bCHILDREN\b", text, re.I)

    def line(self, raw: bytes) -> str | None:
        """The normalised line, None for a line left out, MODSEQs marked for finish()."""
        s = raw.decode("latin-1")
        if s.endswith("\r\n"):
            s = s[:-2]
        if s.startswith("<"):
            return s  # the runner's own notes (connection closed)
        first, _, rest = s.partition(" ")
        if first.startswith("+"):
            return "+"
        if first != "*":
            s = "TAG" + (" " + rest if rest or _ else "")
        m = STATUS.match(s)
        if m:
            s = f"{m.group(1)} {m.group(2).upper()}" + (f" {m.group(3)}" if m.group(3) else "")
        if not self.condstore and re.match(r"^\* OK \[HIGHESTMODSEQ \d+\]$", s):
            return None
        s = re.sub(r"\[CAPABILITY [^\]]*\]", "[CAPABILITY *]", s, flags=re.I)
        s = re.sub(r"^\* CAPABILITY .*$", "* CAPABILITY *", s, flags=re.I | re.S)
        s = re.sub(r"^\* ID .*$", "* ID *", s, flags=re.I | re.S)
        s = re.sub(r"(UIDVALIDITY|APPENDUID|COPYUID) (\d+)",
                   lambda m: f"{m.group(1)} {self.validity(m.group(2))}", s, flags=re.I)
        s = INTERNALDATE.sub(self._internaldate, s)
        s = sort_fetch_items(s)
        s = re.sub(r"\[BADCHARSET \([^)]*\)\]", "[BADCHARSET]", s, flags=re.I)
        s = re.sub(r"^(\* STATUS (?:\"(?:[^\"\\\\]|\\\\.)*\"|\S+) \()([^()]*)\)$",
                   lambda m: m.group(1) + sort_pairs(m.group(2)) + ")", s, flags=re.I)
        s = re.sub(r"^(\* ESEARCH (?:\(TAG \"[^\"]*\"\) )?(?:UID )?)(.*)$",
                   lambda m: m.group(1) + sort_pairs(m.group(2)), s, flags=re.I)
        s = re.sub(r"^(\* (?:LIST|LSUB) )\(([^)]*)\)", self._list_attributes, s, flags=re.I)
        status = re.match(r"^\* STATUS (\"(?:[^\"\\]|\\.)*\"|\S+)", s, re.I)
        box = mailbox_key(status.group(1)) if status else self.selected
        s = MODSEQ_VALUE.sub(lambda m: self._modseq(box, m), s)
        return s.replace("\r\n", "\\r\\n")

    def _list_attributes(self, m: re.Match) -> str:
        drop = {"\\MARKED", "\\UNMARKED"}
        if self.children_optional:
            drop |= {"\\HASCHILDREN", "\\HASNOCHILDREN"}
        attributes = sorted((a for a in m.group(2).split() if a.upper() not in drop), key=str.upper)
        return f"{m.group(1)}({' '.join(attributes)})"

    def _modseq(self, box: str, m: re.Match) -> str:
        value = int(m.group(2))
        if m.group(1).upper().startswith("HIGHESTMODSEQ"):
            self.first_highest.setdefault(box, value)
        self.first_step.setdefault((box, value), self.step)
        return f"{m.group(1)}\x00{box}\x00{value}\x00"

    def finish(self, s: str) -> str:
        """Replaces the marked MODSEQs once the whole session is known."""
        def label(m: re.Match) -> str:
            box, value = m.group(1), int(m.group(2))
            if value <= self.first_highest.get(box, 0):
                return "B"
            return f"S{self.first_step[(box, value)]}"
        return re.sub("\x00([^\x00]*)\x00(\\d+)\x00", label, s)

    def _internaldate(self, m: re.Match) -> str:
        when = datetime.datetime.strptime(m.group(1).strip(), "%d-%b-%Y %H:%M:%S %z").timestamp()
        return 'INTERNALDATE "<now>"' if abs(when - self.now) < 86400 else m.group(0)


def transcript(commands: list[str], steps: list[list[bytes]], now: float,
               baselines: dict[str, int]) -> list[list[str]]:
    """The normalised lines of every step of one session; `commands` are the steps' script lines,
    `baselines` each mailbox's HIGHESTMODSEQ before the script."""
    n = Normaliser(now, baselines)
    marked = []
    for command, lines in zip(commands, steps):
        n.command(command)
        normalised = [line for line in (n.line(raw) for raw in sort_list_groups(lines)) if line is not None]
        if command.startswith("!raw ") and "\\r\\n" in command:
            tagged = sorted(line for line in normalised if line.startswith("TAG "))
            normalised = [line for line in normalised if not line.startswith("TAG ")] + tagged
        marked.append(normalised)
    return [[n.finish(line) for line in lines] for lines in marked]
