"""Compares Roost's IMAP views of messages (roost-mailview) with Dovecot's (dovecot_oracle).

Usable as a module (compare) and as a command printing every difference:
    python3 tests/mail/mail_diff.py [--items "ENVELOPE ..."] [--mailview PATH] FILE...
"""
from __future__ import annotations

import argparse
import os
import pathlib
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import dovecot_oracle  # noqa: E402

DEFAULT_ITEMS = "RFC822.SIZE ENVELOPE BODYSTRUCTURE BODY"


def roost_items(mailview: pathlib.Path, messages: list[bytes], items: str) -> list[dict]:
    """Runs roost-mailview over the messages (written to a temp dir) and parses its answers."""
    results: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="roost-mailview-") as tmp:
        paths = []
        for i, msg in enumerate(messages):
            p = pathlib.Path(tmp) / f"{i:06d}.eml"
            p.write_bytes(msg)
            paths.append(str(p))
        for start in range(0, len(paths), 200):  # keep command lines short
            chunk = paths[start:start + 200]
            proc = subprocess.run([str(mailview), "--items", items, *chunk],
                                  capture_output=True, timeout=300, check=False)
            if proc.returncode != 0:
                raise RuntimeError("roost-mailview failed: " + proc.stderr.decode("latin-1"))
            parsed = dovecot_oracle.parse_fetch_responses(proc.stdout)
            results.extend(parsed.get(seq, {}) for seq in range(1, len(chunk) + 1))
    return results


def normalize_key(key: str) -> str:
    return key.replace(".PEEK", "").upper()


def compare(mailview: pathlib.Path, messages: list[bytes], items: str = DEFAULT_ITEMS):
    """Returns a list of (message index, item, roost raw, dovecot raw) for every difference.
    Values compare in canonical form (a quoted string equals the same literal)."""
    ours = roost_items(mailview, messages, items)
    theirs = dovecot_oracle.fetch_items(messages, items)
    diffs = []
    for i, (a, b) in enumerate(zip(ours, theirs)):
        a_norm = {normalize_key(k): v for k, v in a.items()}
        b_norm = {normalize_key(k): v for k, v in b.items() if k != "X-GUID"}
        for key in sorted(set(a_norm) | set(b_norm)):
            va = a_norm.get(key)
            vb = b_norm.get(key)
            ca = dovecot_oracle.canonical(va) if va is not None else "<missing>"
            cb = dovecot_oracle.canonical(vb) if vb is not None else "<missing>"
            if ca != cb:
                diffs.append((i, key, va[2] if va else b"<missing>", vb[2] if vb else b"<missing>"))
    return diffs


def default_mailview() -> pathlib.Path:
    root = pathlib.Path(__file__).resolve().parent.parent.parent
    build = pathlib.Path(os.environ.get("ROOST_BUILD_DIR", root / "build-mail"))
    return build / "src" / "mail" / "roost-mailview"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", default=DEFAULT_ITEMS)
    ap.add_argument("--mailview", default=str(default_mailview()))
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    messages = [pathlib.Path(f).read_bytes() for f in args.files]
    diffs = compare(pathlib.Path(args.mailview), messages, args.items)
    out = sys.stdout.buffer
    for i, key, ours, theirs in diffs:
        at = next((k for k in range(min(len(ours), len(theirs))) if ours[k] != theirs[k]),
                  min(len(ours), len(theirs)))
        start = max(0, at - 150)
        out.write(f"== {args.files[i]} {key} (first difference at byte {at})\n".encode())
        out.write(b"  roost:   " + repr(ours[start:at + 150]).encode() + b"\n")
        out.write(b"  dovecot: " + repr(theirs[start:at + 150]).encode() + b"\n")
    out.write(f"{len(diffs)} differences in {len(messages)} messages\n".encode())
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
