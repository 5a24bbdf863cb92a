"""Runs Sieve scripts through Roost's roost-sieve-test and Pigeonhole's sieve-test and turns
both outputs into the same normalised action lists, for the differential test."""
import os
import pathlib
import re
import shutil
import subprocess
import tempfile

PIGEONHOLE = shutil.which("sieve-test")

# Settings both implementations run with (Pigeonhole names; Roost takes them as -o).
SETTINGS = {
    "sieve_spamtest_status_type": "score",
    "sieve_spamtest_status_header": "X-Spam-Score",
    "sieve_spamtest_max_value": "10",
    "sieve_virustest_status_type": "text",
    "sieve_virustest_status_header": "X-Virus-Scan",
    "sieve_virustest_text_value1": "clean",
    "sieve_virustest_text_value5": "infected",
}
EXTENSIONS = "+editheader +vacation-seconds +spamtest +spamtestplus +virustest"


class Pigeonhole:
    """A scratch Dovecot configuration for sieve-test, run as nobody (it refuses root)."""

    def __init__(self):
        self.dir = pathlib.Path(tempfile.mkdtemp(prefix="roost-sieve-diff-"))
        os.chmod(self.dir, 0o777)
        (self.dir / "mail").mkdir()
        os.chmod(self.dir / "mail", 0o777)
        self.runs = 0
        uid = "65534" if os.getuid() == 0 else str(os.getuid())
        gid = "65534" if os.getuid() == 0 else str(os.getgid())
        lines = [
            f"mail_location = maildir:{self.dir}/mail/%n",
            f"mail_uid = {uid}",
            f"mail_gid = {gid}",
            "lda_mailbox_autocreate = yes",
            "plugin {",
            f"  sieve_extensions = {EXTENSIONS}",
        ]
        lines += [f"  {k} = {v}" for k, v in SETTINGS.items()]
        lines.append("}")
        self.conf = self.dir / "dovecot.conf"
        self.conf.write_text("\n".join(lines) + "\n")
        os.chmod(self.conf, 0o644)

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def stage(self, name, text):
        path = self.dir / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
        os.chmod(path, 0o644)
        return path

    def run(self, script, message, sender, recipient, execute=False):
        self.runs += 1
        args = [PIGEONHOLE, "-c", str(self.conf), "-C", "-f", sender, "-a", recipient, "-r", recipient]
        if execute:
            home = self.dir / f"home{self.runs}"
            home.mkdir()
            os.chmod(home, 0o777)
            args += ["-e", "-o", f"mail_home={home}",
                     "-o", f"mail_location=maildir:{home}/Maildir"]
        args += [str(script), str(message)]
        return subprocess.run(args, capture_output=True, timeout=30)


def run_roost(tool, script, message, sender, recipient, extra=()):
    args = [str(tool), "-f", sender, "-a", recipient, "-r", recipient, "--time", "1700000000"]
    for k, v in SETTINGS.items():
        args += ["-o", f"{k}={v}"]
    args += list(extra) + [str(script), str(message)]
    return subprocess.run(args, capture_output=True, timeout=30)


def _flags(text):
    return " ".join(sorted(f.lower() for f in text.split()))


def _addr(a):
    m = re.search(r"<([^<>]*)>", a)
    a = m.group(1) if m else a.strip()
    local, _, domain = a.rpartition("@")
    return f"{local}@{domain.lower()}" if local else a


def normalise_pigeonhole(proc):
    """Action list from sieve-test's dry-run output."""
    err = proc.stderr.decode(errors="replace")
    if "failed to compile" in err:
        return ["COMPILE-ERROR"]
    if "final result: failed" in err:
        return ["RUNTIME-ERROR"]
    out = proc.stdout.decode(errors="replace")
    actions = []
    section = None
    cur = None
    for line in out.splitlines():
        if line.startswith("Performed actions:"):
            section = "explicit"
            continue
        if line.startswith("Implicit keep:"):
            section = "implicit"
            continue
        m = re.match(r"^ \* (.*)$", line)
        if m and section:
            text = m.group(1)
            cur = {"implicit": section == "implicit", "text": text, "copy": False, "flags": ""}
            actions.append(cur)
            continue
        if cur is not None:
            s = line.strip()
            if s == "+ preserve implicit keep":
                cur["copy"] = True
            elif s.startswith("+ add IMAP flags:"):
                cur["flags"] = _flags(s.split(":", 1)[1])
            elif s.startswith("=> subject"):
                cur["subject"] = s.split(":", 1)[1].strip()
            elif s.startswith("+ To:"):
                cur.setdefault("to", []).append(s.split(":", 1)[1].strip())
    norm = []
    tracks = []
    for a in actions:
        t = a["text"]
        if t.startswith("track duplicate"):
            tracks.append(t)
            continue
        prefix = "implicit " if a["implicit"] else ""
        if t.startswith("store message in folder:"):
            box = t.split(":", 1)[1].strip()
            norm.append(f"{prefix}store {box}{' copy' if a['copy'] else ''}"
                        f"{' flags=' + a['flags'] if a['flags'] else ''}")
        elif t.startswith("redirect message to:"):
            norm.append(f"redirect {_addr(t.split(':', 1)[1])}{' copy' if a['copy'] else ''}")
        elif t.startswith("reject message with reason:"):
            norm.append("reject " + t.split(":", 1)[1].strip())
        elif t == "discard":
            norm.append("discard")
        elif t.startswith("send vacation message"):
            norm.append("vacation")
        elif t.startswith("send notification with method"):
            norm.append("notify " + ",".join(sorted(a.get("to", []))))
        else:
            norm.append("?" + t)
    return norm + sorted(tracks)


def pigeonhole_notify_sent(proc):
    """Whether sieve-test -e really sent the notification (it skips automatic messages)."""
    return "sent mail notification" in proc.stderr.decode(errors="replace")


def vacation_summary(header):
    """The parts of a vacation response both implementations must agree on."""
    if header is None:
        return None
    auto = header.get("auto-submitted", "")
    return {
        "to": _addr(header.get("to", "")),
        "subject": header.get("subject", ""),
        "in-reply-to": header.get("in-reply-to", ""),
        "references": " ".join(header.get("references", "").split()),
        "auto-submitted": auto.split()[0] if auto else "",
    }


def pigeonhole_vacation_sent(proc):
    """Whether sieve-test -e really sent a vacation response, and the response's header."""
    err = proc.stderr.decode(errors="replace")
    if "sent vacation response" not in err:
        return None
    out = proc.stdout.decode(errors="replace")
    header = {}
    for line in out.splitlines():
        if not line.strip():
            if header:
                break
            continue
        m = re.match(r"^([A-Za-z-]+): (.*)$", line)
        if m:
            header[m.group(1).lower()] = m.group(2)
    return header


def normalise_roost(proc):
    """Action list from roost-sieve-test's output (same form as normalise_pigeonhole)."""
    err = proc.stderr.decode(errors="replace")
    if "does not compile" in err:
        return ["COMPILE-ERROR"]
    if "run-time error" in err:
        return ["RUNTIME-ERROR"]
    out = proc.stdout.decode(errors="replace")
    norm = []
    tracks = []
    section = None
    for line in out.splitlines():
        if line.startswith("Performed actions:"):
            section = "explicit"
            continue
        if line.startswith("Implicit keep:"):
            section = "implicit"
            continue
        if line.startswith("Duplicate tracking:"):
            section = "duplicate"
            continue
        m = re.match(r"^ \* (.*)$", line)
        if not m or not section:
            continue
        t = m.group(1)
        if section == "duplicate":
            tracks.append(re.sub(r" for \d+s( \(last\))?$", "", t))
            continue
        prefix = "implicit " if section == "implicit" else ""
        sm = re.match(r'^(keep|fileinto) "(.*)"( copy)?( create)?( flags: (.*))?$', t)
        if sm:
            box = sm.group(2)
            if box.upper() == "INBOX":
                box = "INBOX"
            flags = _flags(sm.group(6) or "")
            norm.append(f"{prefix}store {box}{' copy' if sm.group(3) else ''}"
                        f"{' flags=' + flags if flags else ''}")
        elif t.startswith("redirect "):
            rm = re.match(r"^redirect <(.*)>( copy)?$", t)
            norm.append(f"redirect {_addr(rm.group(1))}{' copy' if rm.group(2) else ''}")
        elif t.startswith("reject "):
            norm.append("reject " + t[len('reject "'):-1].strip())
        elif t == "discard":
            norm.append("discard")
        elif t.startswith("vacation "):
            norm.append("vacation")
        elif t.startswith("notify "):
            nm = re.search(r"recipients (\S*)$", t)
            norm.append("notify " + ",".join(sorted(nm.group(1).split(","))))
        else:
            norm.append("?" + t)
    return norm + sorted(tracks)


def roost_vacation_header(proc):
    out = proc.stdout.decode(errors="replace")
    if " * vacation " not in out:
        return None
    header = {}
    inside = False
    for line in out.splitlines():
        if line.strip() == "--- message ---":
            inside = True
            continue
        if inside:
            s = line[4:]
            if not s:
                break
            m = re.match(r"^([A-Za-z-]+): (.*)$", s)
            if m:
                header[m.group(1).lower()] = m.group(2)
    return header
