"""Realistic mailboxes for the storage benchmark: the same messages as a Maildir (Dovecot-style
file names in cur/ and new/) and as an mbox (From_ lines, Status/X-Status headers as mailx and
Postfix leave them), from a fixed seed.

Message i is the same whatever the count, so the 20k corpus is the first 20k of the 100k one.
Sizes run from ~1 KiB to ~50 KiB (log-normal around ~4 KiB, the long tail being attachments);
headers vary as real mail does: Received chains, DKIM signatures, list headers, encoded words,
replies with In-Reply-To/References, plain, alternative and mixed MIME bodies.
"""
from __future__ import annotations

import base64
import math
import os
import pathlib
import random
import re

FIRST_TIME = 1_700_000_000  # delivery time of message 0; message i arrives ~90 s after i-1
HOST = "mx1.bench.example"

FIRST = ("Alice Bob Carol Dave Erin Frank Grace Heidi Ivan Judy Mallory Niaj Olivia Peggy Rupert "
         "Sybil Trent Victor Walter Yolanda Zoe Ahmed Bianca Chen Dmitri Eva Fatima Goran Hiro").split()
LAST = ("Smith Jones Brown Miller Davis Garcia Wilson Moore Taylor Anderson Thomas Jackson White "
        "Harris Martin Thompson Young King Wright Lopez Hill Scott Green Adams Baker").split()
UTF8_NAMES = ["Jürgen Müller", "Zoë Ångström", "José Núñez", "Łukasz Żółw", "Søren Kierkegård",
              "François Lefèvre", "Dvořák Antonín", "Ömer Yılmaz"]
DOMAINS = ["example.com", "example.org", "mail.example.net", "corp.example", "lists.example.org",
           "university.example.edu", "shop.example", "bench.example"]
WORDS = ("the meeting report budget invoice please review draft release build server update quarter "
         "agenda summary question answer deadline project team office coffee friday weekend numbers "
         "thanks regards notes tomorrow schedule customer contract feature patch storage index mail "
         "backup network deploy issue ticket status change plan launch design test result error fix "
         "version branch merge request comment discussion proposal travel hotel flight conference").split()
LISTS = ["dev", "announce", "users", "security", "ops"]
MAILERS = ["Mozilla Thunderbird 115.5.0", "Apple Mail (2.3731)", "Microsoft Outlook 16.0",
           "Mutt/2.2.9 (2022-11-12)", "Roundcube Webmail/1.6.5", "K-9 Mail for Android"]


class Generator:
    """Deterministic messages: message(i) depends only on the seed and i."""

    def __init__(self, seed: int = 1):
        rng = random.Random(seed)
        self.seed = seed
        # Paragraph and attachment pools keep generation fast (100k messages in well under a minute).
        self.paragraphs = []
        for _ in range(1500):
            lines = []
            for _ in range(rng.randint(2, 7)):
                words = [rng.choice(WORDS) for _ in range(rng.randint(8, 13))]
                words[0] = words[0].capitalize()
                lines.append(" ".join(words) + rng.choice([".", ".", ",", "?", "!", ":"]))
            self.paragraphs.append("\n".join(lines))
        self.blob = base64.b64encode(rng.randbytes(80 * 1024)).decode()

    def _addr(self, rng: random.Random, named: bool = True) -> str:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        addr = f"{first.lower()}.{last.lower()}@{rng.choice(DOMAINS)}"
        if not named:
            return addr
        r = rng.random()
        if r < 0.1:
            name = rng.choice(UTF8_NAMES).encode()
            return f"=?UTF-8?B?{base64.b64encode(name).decode()}?= <{addr}>"
        if r < 0.2:
            return addr
        if r < 0.3:
            return f'"{last}, {first}" <{addr}>'
        return f"{first} {last} <{addr}>"

    def _subject(self, rng: random.Random) -> str:
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 9)))
        words = words[0].upper() + words[1:]
        r = rng.random()
        if r < 0.25:
            words = "Re: " + words
        elif r < 0.3:
            words = "Fwd: " + words
        elif r < 0.36:
            return "=?UTF-8?Q?" + words.replace(" ", "_") + "_=E2=80=93_Gr=C3=BC=C3=9Fe?="
        if rng.random() < 0.15:
            words = f"[{rng.choice(LISTS)}] " + words
        return words

    def _text(self, rng: random.Random, size: int) -> str:
        out, n = [], 0
        while n < size:
            p = self.paragraphs[rng.randrange(len(self.paragraphs))]
            out.append(p)
            n += len(p) + 2
        return "\n\n".join(out) + "\n"

    def _attachment(self, rng: random.Random, size: int) -> str:
        start = rng.randrange(len(self.blob) - size - 1) if size < len(self.blob) - 1 else 0
        chunk = self.blob[start:start + size]
        return "\n".join(chunk[i:i + 76] for i in range(0, len(chunk), 76)) + "\n"

    def message(self, i: int) -> tuple[bytes, int, str]:
        """(message with LF line ends, delivery time, IMAP flags as Maildir letters e.g. "RS")."""
        rng = random.Random(self.seed * 1_000_003 + i)
        when = FIRST_TIME + i * 90 + rng.randrange(60)
        target = int(min(50 * 1024, max(1024, math.exp(rng.gauss(math.log(4096), 0.9)))))
        tz = rng.choice(["+0000", "+0100", "-0500", "+0530", "-0800", "+0900"])
        sender = self._addr(rng)
        domain = sender.rsplit("@", 1)[1].rstrip(">")
        h = [f"Return-Path: <{sender.rsplit('<', 1)[-1].rstrip('>')}>",
             f"Delivered-To: tester@{HOST}"]
        for hop in range(rng.randint(1, 4)):
            h.append(f"Received: from relay{hop}.{domain} (relay{hop}.{domain} [192.0.2.{(i + hop) % 250 + 1}])\n"
                     f"\tby {HOST} (Postfix) with ESMTPS id {rng.getrandbits(40):010X}\n"
                     f"\tfor <tester@{HOST}>; {_rfc2822(when - hop * 7, '+0000')}")
        if rng.random() < 0.4:
            h.append(f"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d={domain}; s=sel{i % 3};\n"
                     f"\th=from:to:subject:date:message-id;\n\tbh={self.blob[i % 1000:i % 1000 + 44]}=;\n"
                     f"\tb={self.blob[i % 5000:i % 5000 + 68]}\n\t {self.blob[i % 7000:i % 7000 + 68]}")
            h.append(f"Authentication-Results: {HOST}; dkim=pass header.d={domain}; spf=pass")
        h.append(f"From: {sender}")
        h.append("To: " + ", ".join(self._addr(rng) for _ in range(rng.choice([1, 1, 1, 2, 3]))))
        if rng.random() < 0.3:
            h.append("Cc: " + ",\n ".join(self._addr(rng) for _ in range(rng.randint(1, 4))))
        h.append(f"Subject: {self._subject(rng)}")
        h.append(f"Date: {_rfc2822(when - rng.randrange(5, 600), tz)}")
        h.append(f"Message-ID: <{rng.getrandbits(64):016x}.{i}@{domain}>")
        if rng.random() < 0.3:
            parent = f"<{rng.getrandbits(64):016x}.{max(i - rng.randint(1, 50), 0)}@{rng.choice(DOMAINS)}>"
            h.append(f"In-Reply-To: {parent}")
            h.append(f"References: <{rng.getrandbits(64):016x}@{rng.choice(DOMAINS)}>\n {parent}")
        if rng.random() < 0.3:
            lst = rng.choice(LISTS)
            h.append(f"List-Id: {lst.capitalize()} list <{lst}.lists.example.org>")
            h.append(f"List-Unsubscribe: <mailto:{lst}-leave@lists.example.org>")
            h.append("Precedence: list")
        h.append(f"{rng.choice(['X-Mailer', 'User-Agent'])}: {rng.choice(MAILERS)}")
        h.append("MIME-Version: 1.0")
        head_len = sum(len(x) + 1 for x in h)
        room = max(target - head_len - 100, 200)
        kind = rng.random()
        boundary = f"=_{rng.getrandbits(48):012x}"
        if kind < 0.5 and room < 20000:
            h.append('Content-Type: text/plain; charset="utf-8"\nContent-Transfer-Encoding: 8bit')
            body = self._text(rng, room)
        elif kind < 0.8 and room < 20000:
            text = self._text(rng, room // 3)
            html = "<html><body>\n" + "".join(f"<p>{p}</p>\n" for p in text.split("\n\n")) + "</body></html>\n"
            h.append(f'Content-Type: multipart/alternative; boundary="{boundary}"')
            body = (f"--{boundary}\nContent-Type: text/plain; charset=utf-8\n\n{text}\n"
                    f"--{boundary}\nContent-Type: text/html; charset=utf-8\n\n{html}\n--{boundary}--\n")
        else:
            text = self._text(rng, min(room // 4, 3000))
            att = self._attachment(rng, max(room - len(text) - 300, 100) * 76 // 77)
            name = rng.choice(["report.pdf", "photo.jpg", "invoice-2026.pdf", "slides.odp", "data.xlsx"])
            h.append(f'Content-Type: multipart/mixed; boundary="{boundary}"')
            body = (f"This is a multi-part message in MIME format.\n\n--{boundary}\n"
                    f"Content-Type: text/plain; charset=utf-8\n\n{text}\n--{boundary}\n"
                    f'Content-Type: application/octet-stream; name="{name}"\n'
                    f'Content-Disposition: attachment; filename="{name}"\n'
                    f"Content-Transfer-Encoding: base64\n\n{att}\n--{boundary}--\n")
        flags = ""
        r = rng.random()
        if r < 0.08:
            flags = "RS"
        elif r < 0.72:
            flags = "S"
        if rng.random() < 0.01:
            flags = "D" + flags if flags else "D"
        data = ("\n".join(h) + "\n\n" + body).encode()
        return data, when, flags


def _rfc2822(t: int, tz: str) -> str:
    import time
    off = (int(tz[1:3]) * 3600 + int(tz[3:5]) * 60) * (1 if tz[0] == "+" else -1)
    return time.strftime("%a, %d %b %Y %H:%M:%S ", time.gmtime(t + off)) + tz


def _mbox_date(t: int) -> str:
    import time
    return time.strftime("%a %b %e %H:%M:%S %Y", time.gmtime(t))


def new_share(count: int) -> int:
    """How many of the newest messages are still in new/ (unseen, no Status header)."""
    return max(count // 100, 1)


def write_maildir(gen: Generator, count: int, root: pathlib.Path) -> int:
    """Writes the Maildir (all but the newest 1 % in cur/ with flags; those in new/); returns bytes."""
    for d in ("cur", "new", "tmp"):
        (root / d).mkdir(parents=True, exist_ok=True)
    total = 0
    fresh = count - new_share(count)
    for i in range(count):
        data, when, flags = gen.message(i)
        vsize = len(data) + data.count(b"\n")
        base = f"{when}.M{(i * 7919) % 1_000_000}P{1000 + i % 30000}.{HOST},S={len(data)},W={vsize}"
        if i >= fresh:
            path = root / "new" / base
        else:
            path = root / "cur" / f"{base}:2,{flags}"
        with open(path, "wb") as f:
            f.write(data)
        os.utime(path, (when, when))
        total += len(data)
    return total


def write_mbox(gen: Generator, count: int, path: pathlib.Path) -> int:
    """Writes the mbox (mboxo: body lines starting "From " get a '>'); returns its size."""
    fresh = count - new_share(count)
    with open(path, "wb", buffering=1 << 20) as f:
        for i in range(count):
            data, when, flags = gen.message(i)
            head, body = data.split(b"\n\n", 1)
            if i < fresh:
                status = b"\nStatus: RO" if "S" in flags else b"\nStatus: O"
                xs = ("A" if "R" in flags else "") + ("T" if "D" in flags else "")
                if xs:
                    status += b"\nX-Status: " + xs.encode()
                head += status
            body = body.replace(b"\nFrom ", b"\n>From ")
            if body.startswith(b"From "):
                body = b">" + body
            sender = re.search(rb"^Return-Path: <([^>]*)>", data).group(1)
            f.write(b"From " + sender + b" " + _mbox_date(when).encode() + b"\n" + head + b"\n\n" + body + b"\n")
    return path.stat().st_size
