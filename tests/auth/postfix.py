"""A private Postfix instance on a loopback port, for tests: its own config, queue and log
directories in a temporary folder, started in the foreground and stopped afterwards."""
import pathlib
import shutil
import subprocess
import tempfile
import time

from conftest import free_port


class Postfix:
    def __init__(self, main_cf_extra=""):
        self.dir = pathlib.Path(tempfile.mkdtemp(prefix="roost-postfix-", dir="/tmp"))
        self.dir.chmod(0o755)
        self.etc, self.queue, self.data = self.dir / "etc", self.dir / "queue", self.dir / "data"
        for d in (self.etc, self.queue, self.data):
            d.mkdir()
        shutil.chown(self.data, "postfix")
        self.port = free_port()
        self.log = self.dir / "postfix.log"
        (self.etc / "main.cf").write_text(f"""compatibility_level = 3.6
queue_directory = {self.queue}
data_directory = {self.data}
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = roost-test.localdomain
mydestination =
mynetworks =
maillog_file = /dev/stdout
{main_cf_extra}
""")
        # Debian's master.cf with smtpd on our port and nothing chrooted.
        master = []
        for line in pathlib.Path("/etc/postfix/master.cf").read_text().splitlines():
            fields = line.split()
            if line.startswith(("#", " ", "\t")) or len(fields) < 8:
                master.append(line)
                continue
            if fields[0] == "smtp" and fields[1] == "inet":
                fields[0] = f"127.0.0.1:{self.port}"
            fields[4] = "n"
            master.append("  ".join(fields))
        (self.etc / "master.cf").write_text("\n".join(master) + "\n")
        subprocess.run(["postfix", "-c", str(self.etc), "set-permissions"], capture_output=True, timeout=120)
        self.logfile = open(self.log, "wb")
        self.proc = subprocess.Popen(["postfix", "-c", str(self.etc), "start-fg"], stdout=self.logfile,
                                     stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while "daemon started" not in self.log_text():
            if self.proc.poll() is not None or time.time() > deadline:
                text = self.log_text()
                self.stop()
                raise RuntimeError(f"postfix did not start:\n{text}")
            time.sleep(0.1)

    def log_text(self):
        return self.log.read_text(errors="replace")

    def stop(self):
        subprocess.run(["postfix", "-c", str(self.etc), "stop"], capture_output=True, timeout=60)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.logfile.close()
        shutil.rmtree(self.dir, ignore_errors=True)
