"""A Roost site for the LDA tests: the master running the auth service (virtual users from a
passwd-file, uid `mail_uid()`), a roost.conf with Sieve on for protocol lda, a sendmail
stand-in that captures what roost-lda sends, and helpers that run roost-lda like an MTA."""
import os
import shutil
import subprocess

from conftest import free_port, program
from roost_site import mail_ids, make_cert, new_site, site_config, start_master, stop_master, write_users

CAPTURE_SENDMAIL = """#!/bin/sh
# Records one message: its arguments and its text, as sendmail would have received them.
dir=$1; shift
n=$(date +%s%N)
printf '%s\\n' "$@" > "$dir/$n.args"
cat > "$dir/$n.eml"
"""



class LdaSite:
    def __init__(self, extra_conf="", alice_fields=""):
        self.dir = d = new_site("roost-lda-")
        uid, gid = self.uid, self.gid = mail_ids()
        self.home = d / "home" / "alice"
        self.home.mkdir(parents=True)
        self.sent = d / "sent"
        self.sent.mkdir()
        self.sent.chmod(0o777)
        capture = d / "capture-sendmail"
        capture.write_text(CAPTURE_SENDMAIL)
        capture.chmod(0o755)
        for path in [d / "home", self.home]:
            os.chown(path, uid, gid)
        self.lda_log = d / "lda.log"
        self.lda_log.touch()
        self.lda_log.chmod(0o666)
        make_cert(d, "127.0.0.1")
        write_users(d, [f"alice:{{PLAIN}}secret:{uid}:{gid}::{self.home}::{alice_fields}",
                        f"bob:{{PLAIN}}secret:{uid}:{gid}::{d}/home/bob::"])
        self.conf = d / "roost.conf"
        self.conf.write_text(site_config(d, "pop3", {"pop3": free_port()}, f"""mail_location = maildir:~/Maildir
first_valid_uid = {min(uid, 500)}
sendmail_path = {capture} {self.sent}
postmaster_address = postmaster@example.com
hostname = mx.example.com
{extra_conf}
protocol lda {{
  mail_plugins = $mail_plugins sieve
  log_path = {self.lda_log}
}}
"""))
        start_master(self.conf, d / "roost.log", "pop3 worker service ready")

    def stop(self):
        stop_master(self.conf)
        shutil.rmtree(self.dir, ignore_errors=True)

    def lda(self, message, *args, user="alice"):
        """Runs roost-lda -d USER with `message` on stdin; returns the CompletedProcess."""
        cmd = [str(program("roost-lda")), "-c", str(self.conf)]
        if user is not None:
            cmd += ["-d", user]
        return subprocess.run(cmd + list(args), input=message, capture_output=True, timeout=60)

    def sieve(self, script):
        path = self.home / ".dovecot.sieve"
        path.write_text(script)
        os.chown(path, self.uid, self.gid)

    def maildir(self, folder=""):
        """The messages of a Maildir folder ("" = INBOX), as {file name: bytes}."""
        base = self.home / "Maildir" / (("." + folder) if folder else "")
        out = {}
        for sub in ("new", "cur"):
            p = base / sub
            if p.is_dir():
                for f in sorted(p.iterdir()):
                    out[f.name] = f.read_bytes()
        return out

    def captured(self):
        """What went to sendmail, oldest first: [(argument list, message bytes)]."""
        out = []
        for args in sorted(self.sent.glob("*.args")):
            out.append((args.read_text().splitlines(), args.with_suffix(".eml").read_bytes()))
        return out


def message(subject="hello", sender="bob@example.org", to="alice@example.com", extra=""):
    return (f"From: {sender}\nTo: {to}\nSubject: {subject}\nMessage-ID: <{subject.replace(' ', '.')}@example.org>\n"
            f"{extra}\nbody of {subject}\n").encode()
