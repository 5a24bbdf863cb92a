"""The Sieve benchmark's data: a 500-rule script of the kind users build up over years (list and
vendor folders, project tags, invoice and ticket patterns, bulk mail, a few regexes and flags,
about 50 folders), and N varied messages, most written to match one rule, the rest matching none
(they go to INBOX or to the final "report" rule). Fixed seed: every run, and both servers, see the
same script and the same messages. The body variant adds `body :text :contains` rules."""
from __future__ import annotations

import random

REQUIRE = ('require ["fileinto", "envelope", "imap4flags", "regex", "body", "mailbox"];\n')

# One rule kind per i % 10; the folder is KIND + (i % 5), so about 50 folders in all.
KINDS = ["Lists", "Vendors", "Projects", "Billing", "Bounces", "Tickets", "Teams", "Bulk", "Boss", "Aliases"]


def folder(i: int) -> str:
    return f"{KINDS[i % 10]}.F{i % 5}"


def rule(i: int, body_rules: bool) -> str:
    f = folder(i)
    if body_rules and i % 25 == 12:
        return f'if body :text :contains "unsubscribe-code-{i}" {{ fileinto "{f}"; stop; }}'
    k = i % 10
    if k == 0:
        return f'if header :is "List-Id" "<list{i}.lists.example.org>" {{ fileinto "{f}"; stop; }}'
    if k == 1:
        return f'if address :domain :is "from" "vendor{i}.example.com" {{ fileinto "{f}"; stop; }}'
    if k == 2:
        return f'if header :contains "subject" "[proj-{i}]" {{ addflag "$proj"; fileinto "{f}"; stop; }}'
    if k == 3:
        return f'if header :matches "subject" "Invoice * for customer {i}" {{ setflag "\\\\Flagged"; fileinto "{f}"; stop; }}'
    if k == 4:
        return f'if envelope :is "from" "bounce-{i}@mailer.example.net" {{ fileinto "{f}"; stop; }}'
    if k == 5:
        return f'if header :regex "subject" "^ticket #[0-9]+ queue-{i}( |$)" {{ fileinto "{f}"; stop; }}'
    if k == 6:
        # No stop: a team message goes on through the other rules (and usually to the report rule).
        return f'if address :localpart :is "to" "team{i}" {{ addflag "$team"; fileinto "{f}"; }}'
    if k == 7:
        return (f'if anyof (header :contains "x-mailer" "bulkmailer-{i}", header :is "precedence" "bulk-{i}") '
                f'{{ fileinto "{f}"; stop; }}')
    if k == 8:
        return (f'if allof (address :is "from" "boss{i}@corp.example.com", header :contains "subject" "urgent") '
                f'{{ addflag "\\\\Flagged"; fileinto "{f}"; stop; }}')
    return f'if header :contains ["to", "cc"] "alias{i}@example.com" {{ fileinto "{f}"; stop; }}'


def script(rules: int = 500, body_rules: bool = False) -> str:
    lines = [REQUIRE]
    lines += [rule(i, body_rules) for i in range(rules)]
    lines.append('if header :contains "subject" "report" { fileinto "Reports"; }')
    return "\n".join(lines) + "\n"


WORDS = ("the mail server delivers every message to its user quickly and safely report invoice meeting "
         "schedule budget review draft release notes thanks regards please find attached").split()


def message(n: int, rng: random.Random, rules: int, body_rules: bool) -> tuple[str, bytes]:
    """Message n and its envelope sender: about 70% written for one rule, the rest for none."""
    sender = f"user{n % 97}@senders{n % 13}.example.org"
    frm = f"Person {n % 97} <{sender}>"
    to = "Alice <alice@example.com>"
    subject = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6)))
    extra = []
    body_extra = ""
    if rng.random() < 0.7:
        i = rng.randrange(rules)
        k = i % 10
        if body_rules and i % 25 == 12:
            body_extra = f"\nTo stop these mails use unsubscribe-code-{i} on our site.\n"
        elif k == 0:
            extra.append(f"List-Id: <list{i}.lists.example.org>")
        elif k == 1:
            frm = f"Sales <sales@vendor{i}.example.com>"
        elif k == 2:
            subject = f"Re: [proj-{i}] {subject}"
        elif k == 3:
            subject = f"Invoice {rng.randint(1000, 9999)} for customer {i}"
        elif k == 4:
            sender = f"bounce-{i}@mailer.example.net"
        elif k == 5:
            subject = f"ticket #{rng.randint(1, 99999)} queue-{i} {subject}"
        elif k == 6:
            to = f"Team <team{i}@example.com>"
        elif k == 7:
            extra.append(f"X-Mailer: bulkmailer-{i} 2.1")
        elif k == 8:
            frm = f"The Boss <boss{i}@corp.example.com>"
            subject = f"urgent: {subject}"
        else:
            extra.append(f"Cc: alias{i}@example.com, someone@example.net")
    elif rng.random() < 0.3:
        subject = f"weekly report {subject}"
    received = "".join(
        f"Received: from relay{h}.example.net (relay{h}.example.net [192.0.2.{h}])\n"
        f"\tby mx.example.com with ESMTPS id {n:08X}{h}; Mon, 23 Nov 2026 12:{h:02d}:00 +0000\n"
        for h in range(rng.randint(1, 4)))
    body = "\n".join(" ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14)))
                     for _ in range(rng.randint(3, 80)))
    text = (f"{received}From: {frm}\nTo: {to}\nSubject: {subject}\n"
            f"Date: Mon, 23 Nov 2026 12:00:{n % 60:02d} +0000\nMessage-ID: <{n}.sieve-bench@example.org>\n"
            "MIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n"
            + "".join(e + "\n" for e in extra) + f"\n{body}\n{body_extra}")
    return sender, text.encode()


def messages(count: int, rules: int = 500, body_rules: bool = False, seed: int = 8) -> list[tuple[str, bytes]]:
    rng = random.Random(seed)
    return [message(n, rng, rules, body_rules) for n in range(count)]
