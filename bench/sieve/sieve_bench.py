#!/usr/bin/python3
"""The time to run a 500-rule Sieve script against 10k messages, Roost beside Pigeonhole (Debian's
dovecot-sieve), two ways:

  lda     every message delivered by its own roost-lda / dovecot-lda process (as the MTA runs
          them: -f SENDER -a RECIPIENT, the message on stdin) into a fresh Maildir, with the same
          settings (mail_fsync = optimized, lda_mailbox_autocreate = yes), one stream;
  interp  the interpreter alone in one process: build/bench/sieve/roost-sieve-bench (compiles
          once, runs every message; then compiles again per message) against Pigeonhole's
          sieve-filter over a Maildir holding the same messages (dry run).

    sudo bench/sieve/sieve_bench.py --build build [--count 10000] [--runs 3] [--modes lda,interp]
                                    [--body]

Both LDAs must file every message into the same folders with the same flags: the bench compares
them message by message (by Message-ID) after every run and stops with the differences if they
differ. --body uses the script variant with 20 `body :text :contains` rules. Prints each run, the
medians and the ratio Roost/Pigeonhole (time; below 1: Roost is faster). As root the whole bench
runs as nobody, like bench/lda/lda_bench.py.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "lda"))
import sieve_corpus  # noqa: E402
from lda_bench import DOVECOT_LDA, demote  # noqa: E402

RECIPIENT = "alice@example.com"
SYSTEM_FLAGS = {"S": "\\seen", "F": "\\flagged", "R": "\\answered", "D": "\\deleted", "T": "\\draft"}


def common_conf(work: pathlib.Path, script: pathlib.Path) -> str:
    return (f"mail_location = maildir:~/Maildir\nmail_fsync = optimized\nlda_mailbox_autocreate = yes\n"
            f"protocol lda {{\n  mail_plugins = $mail_plugins sieve\n}}\n"
            f"plugin {{\n  sieve = {script}\n}}\n")


def filed(maildir: pathlib.Path) -> dict[str, list[str]]:
    """{Message-ID: sorted ["Folder flag flag", ...]} for every message in a Maildir++ tree."""
    out: dict[str, list[str]] = {}
    for folder in [maildir, *[p for p in maildir.iterdir() if p.is_dir() and p.name.startswith(".")]]:
        name = "INBOX" if folder == maildir else folder.name[1:]
        keywords = {}
        kw = folder / "dovecot-keywords"
        if kw.exists():
            for line in kw.read_text().splitlines():
                idx, _, word = line.partition(" ")
                keywords[chr(ord("a") + int(idx))] = word.lower()
        for sub in ("new", "cur"):
            if not (folder / sub).is_dir():
                continue
            for f in (folder / sub).iterdir():
                head = f.read_bytes().split(b"\n\n", 1)[0]
                msgid = re.search(rb"(?im)^Message-ID:\s*(\S+)", head).group(1).decode()
                letters = f.name.split(":2,", 1)[1] if ":2," in f.name else ""
                flags = sorted(SYSTEM_FLAGS.get(c) or keywords.get(c, c) for c in letters)
                out.setdefault(msgid, []).append(" ".join([name, *flags]))
    return {k: sorted(v) for k, v in out.items()}


def lda_run(cmd: list[str], messages, home: pathlib.Path, trash: pathlib.Path) -> float:
    maildir = home / "Maildir"
    if maildir.exists():
        # Moved aside, not deleted: creating files just after thousands were freed is slower on
        # this ext4 (bench/lmtp/README.md), which would measure the clean-up.
        maildir.rename(trash / f"{time.monotonic_ns()}")
    env = {"HOME": str(home), "USER": "nobody" if os.geteuid() == 0 else os.environ.get("USER", "user"),
           "PATH": "/usr/sbin:/usr/bin:/bin"}
    start = time.monotonic()
    for sender, text in messages:
        r = subprocess.run(cmd + ["-f", sender, "-a", RECIPIENT], input=text, env=env, capture_output=True)
        if r.returncode != 0:
            raise SystemExit(f"{cmd[0]} exited {r.returncode}: {r.stderr.decode(errors='replace')}")
    return time.monotonic() - start


def compare(roost: dict, pigeonhole: dict, what: str) -> None:
    diffs = [(k, roost.get(k), pigeonhole.get(k)) for k in sorted(set(roost) | set(pigeonhole))
             if roost.get(k) != pigeonhole.get(k)]
    if diffs:
        for k, r, p in diffs[:20]:
            print(f"  {k}: roost {r} pigeonhole {p}", file=sys.stderr)
        raise SystemExit(f"{what}: {len(diffs)} messages filed differently (first 20 above)")


def bench_lda(args, work, script, messages, roost_lda) -> dict:
    home = work / "home"
    home.mkdir(exist_ok=True)
    trash = work / "trash"
    trash.mkdir(exist_ok=True)
    roost_conf, dovecot_conf = work / "roost-lda.conf", work / "dovecot-lda.conf"
    roost_conf.write_text(common_conf(work, script) + f"log_path = {work}/roost-lda.log\n")
    dovecot_conf.write_text(common_conf(work, script) + f"log_path = {work}/dovecot-lda.log\nssl = no\nprotocols =\n")
    times = {"roost-lda": [], "dovecot-lda": []}
    for run in range(args.runs):
        outcomes = {}
        for name, cmd in (("roost-lda", [roost_lda, "-c", str(roost_conf)]),
                          ("dovecot-lda", [DOVECOT_LDA, "-c", str(dovecot_conf)])):
            t = lda_run(cmd, messages, home, trash)
            times[name].append(t)
            outcomes[name] = filed(home / "Maildir")
            if len(outcomes[name]) != len(messages):
                raise SystemExit(f"{name}: {len(outcomes[name])} of {len(messages)} messages stored")
            print(f"lda run {run + 1} {name}: {len(messages)} messages in {t:.1f} s "
                  f"({len(messages) / t:.0f}/s)", flush=True)
        compare(outcomes["roost-lda"], outcomes["dovecot-lda"], f"lda run {run + 1}")
        print(f"lda run {run + 1}: both filed all {len(messages)} messages identically", flush=True)
    shutil.rmtree(trash, ignore_errors=True)
    return {k: statistics.median(v) for k, v in times.items()}


def pigeonhole_filter_outcomes(text: str) -> dict[str, list[str]]:
    """{Message-ID: ["Folder flags"...]} from sieve-filter's dry-run report: the stores under
    "Performed actions" and under "Implicit keep"."""
    out = {}
    store = re.compile(r"\* store message in folder: (\S+)((?:\n\s+\+ add IMAP flags: [^\n]*)?)")
    for block in text.split(">> Filtering message:")[1:]:
        msgid = re.search(r"ID:\s+(\S+)", block).group(1)
        stores = []
        for m in store.finditer(block):
            flags = m.group(2).split(":", 1)[1].split() if m.group(2) else []
            stores.append(" ".join([m.group(1), *sorted(f.lower() for f in flags)]))
        out[msgid] = sorted(stores)
    return out


def bench_interp(args, work, script, messages, bench_prog) -> dict:
    mdir = work / "interp"
    maildir = mdir / "home" / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    manifest = mdir / "manifest"
    with open(manifest, "w") as mf:
        for n, (sender, text) in enumerate(messages):
            path = maildir / "cur" / f"{n}.bench:2,"
            path.write_bytes(text)
            mf.write(f"{sender}\t{path}\n")
    conf = mdir / "dovecot.conf"
    conf.write_text(f"mail_location = maildir:{maildir}\nssl = no\nprotocols =\nlog_path = {mdir}/log\n")
    times = {"roost (compiled once)": [], "roost (compiled per message)": [], "sieve-filter": []}
    for run in range(args.runs):
        r = subprocess.run([bench_prog, str(script), str(manifest), str(mdir / "roost.out")],
                           capture_output=True, text=True, check=True)
        once = float(re.search(r"compiled once: \d+ messages in ([0-9.]+) s", r.stdout).group(1))
        each = float(re.search(r"compiled per message: \d+ messages in ([0-9.]+) s", r.stdout).group(1))
        compile_ms = re.search(r"compile: ([0-9.]+) ms", r.stdout).group(1)
        times["roost (compiled once)"].append(once)
        times["roost (compiled per message)"].append(each)
        for f in maildir.glob("dovecot.index*"):
            f.unlink()  # every run builds its index afresh
        start = time.monotonic()
        p = subprocess.run(["sieve-filter", "-c", str(conf), "-v", str(script), "INBOX"],
                           env={"HOME": str(mdir / "home"), "USER": "nobody", "PATH": "/usr/bin:/bin"},
                           capture_output=True, text=True)
        elapsed = time.monotonic() - start
        if p.returncode != 0:
            raise SystemExit(f"sieve-filter exited {p.returncode}: {p.stderr[-2000:]}")
        times["sieve-filter"].append(elapsed)
        print(f"interp run {run + 1}: roost compile {compile_ms} ms, run (compiled once) {once:.2f} s, "
              f"compiled per message {each:.2f} s; sieve-filter {elapsed:.2f} s", flush=True)
        # The interpreter-only differential check: the same stores and flags for every message.
        # (sieve-filter gives no envelope sender, so the envelope rules are left out of it.)
        roost_out = {}
        files = {str(maildir / "cur" / f"{n}.bench:2,"): n for n in range(len(messages))}
        for line in (mdir / "roost.out").read_text().splitlines():
            path, _, result = line.partition("\t")
            n = files[path]
            stores = result.split(";") if result else []
            roost_out[f"<{n}.sieve-bench@example.org>"] = sorted(
                " ".join([s.split(" ")[0], *sorted(f.lower() for f in s.split(" ")[1:])]) for s in stores)
        ph = pigeonhole_filter_outcomes(p.stdout)
        envelope_rules = {f"<{n}.sieve-bench@example.org>" for n, (sender, _) in enumerate(messages)
                          if sender.startswith("bounce-")}
        for k in envelope_rules:
            roost_out.pop(k, None)
            ph.pop(k, None)
        compare(roost_out, ph, f"interp run {run + 1}")
        print(f"interp run {run + 1}: both filed the {len(ph)} messages without envelope rules identically",
              flush=True)
    return {k: statistics.median(v) for k, v in times.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", required=True, help="the build directory (roost-lda, roost-sieve-bench)")
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--rules", type=int, default=500)
    ap.add_argument("--modes", default="lda,interp")
    ap.add_argument("--body", action="store_true", help="the variant with body tests")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    args = ap.parse_args()
    build = pathlib.Path(args.build).resolve()
    if os.geteuid() == 0:
        demote()
    work = pathlib.Path(tempfile.mkdtemp(prefix="roost-sieve-bench-"))
    try:
        # Copies of the programs: a build running meanwhile must not replace them mid-bench.
        (work / "bin").mkdir()
        roost_lda = shutil.copy2(build / "src/lda/roost-lda", work / "bin")
        bench_prog = shutil.copy2(build / "bench/sieve/roost-sieve-bench", work / "bin")
        script = work / "rules.sieve"
        script.write_text(sieve_corpus.script(args.rules, args.body))
        messages = sieve_corpus.messages(args.count, args.rules, args.body)
        size = sum(len(t) for _, t in messages) / len(messages)
        print(f"{args.rules}-rule script ({script.stat().st_size} bytes{', with body rules' if args.body else ''}), "
              f"{len(messages)} messages ({size:.0f} bytes on average)", flush=True)
        results = {}
        if "interp" in args.modes.split(","):
            results["interp"] = bench_interp(args, work, script, messages, str(bench_prog))
        if "lda" in args.modes.split(","):
            results["lda"] = bench_lda(args, work, script, messages, str(roost_lda))
        print()
        if "lda" in results:
            r, d = results["lda"]["roost-lda"], results["lda"]["dovecot-lda"]
            print(f"lda, {len(messages)} deliveries (median of {args.runs}): roost-lda {r:.1f} s "
                  f"({len(messages) / r:.0f}/s), dovecot-lda {d:.1f} s ({len(messages) / d:.0f}/s), "
                  f"Roost/Pigeonhole time {r / d:.2f}")
        if "interp" in results:
            i = results["interp"]
            for k in ("roost (compiled once)", "roost (compiled per message)"):
                print(f"interp, {len(messages)} messages (median of {args.runs}): {k} {i[k]:.2f} s, "
                      f"sieve-filter {i['sieve-filter']:.2f} s, Roost/Pigeonhole time {i[k] / i['sieve-filter']:.2f}")
    finally:
        if args.keep:
            print(f"work directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
