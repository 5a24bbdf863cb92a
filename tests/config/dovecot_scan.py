"""An independent reader of Dovecot config trees for the tests: lists every assignment with its
file, line and section path, following !include and !include_try the way Dovecot does. It is
deliberately simple and separate from Roost's parser, so the two can check each other."""
import dataclasses
import glob
import os
import re


@dataclasses.dataclass
class Assignment:
    file: str
    line: int
    path: tuple      # ((type, name), ...) of the enclosing sections
    key: str
    value: str


@dataclasses.dataclass
class SectionStart:
    file: str
    line: int
    path: tuple      # including this section


def _strip_comment(line):
    quote = None
    for i, c in enumerate(line):
        if quote:
            if c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif c == "#":
            return line[:i]
    return line


def scan(top):
    assignments, sections = [], []
    stack = []

    def read(path, depth=0):
        if depth > 20:
            return
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().split("\n")
        pending, start = "", 0
        for number, raw in enumerate(lines, 1):
            text = _strip_comment(raw.rstrip("\r")).strip()
            if text.endswith("\\"):
                pending += text[:-1].rstrip() + " "
                start = start or number
                continue
            text = (pending + text).strip()
            at = start or number
            pending, start = "", 0
            if not text:
                continue
            m = re.match(r"^!(include|include_try)\s+(.*)$", text)
            if m:
                target = m.group(2).strip().strip('"')
                if not target.startswith("/"):
                    target = os.path.join(os.path.dirname(path), target)
                for match in sorted(glob.glob(target)):
                    read(match, depth + 1)
                continue
            if text == "}":
                if stack:
                    stack.pop()
                continue
            m = re.match(r"^([^\s={]+)\s*=\s*(.*)$", text)
            if m:
                value = m.group(2).strip()
                if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                    value = value[1:-1]
                assignments.append(Assignment(path, at, tuple(stack), m.group(1), value))
                continue
            m = re.match(r"^(\S+)\s*(?:\"([^\"]*)\"|([^\s{]*))\s*\{$", text)
            if m:
                stack.append((m.group(1), m.group(2) or m.group(3) or ""))
                sections.append(SectionStart(path, at, tuple(stack)))

    read(top)
    return assignments, sections
