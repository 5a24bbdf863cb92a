"""An independent client of Dovecot's auth protocol for the tests, with its own SASL mechanisms
(PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-1/256 after RFC 5802), so Roost's libsasl2-based server is
checked against code that shares nothing with it."""
import base64
import hashlib
import hmac
import os
import socket


class AuthConnection:
    def __init__(self, path, timeout=10):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(str(path))
        self.buf = b""

    def close(self):
        self.sock.close()

    def send(self, *fields):
        self.sock.sendall("\t".join(fields).encode() + b"\n")

    def send_raw(self, data):
        self.sock.sendall(data)

    def line(self):
        while b"\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("auth service closed the connection")
            self.buf += chunk
        line, _, self.buf = self.buf.partition(b"\n")
        return line.decode().split("\t")

    def handshake(self, master=False):
        """Both sides' handshakes; returns the server's lines up to DONE (client socket)."""
        if master:
            self.send("VERSION", "1", "0")
            return [self.line(), self.line()]
        self.send("VERSION", "1", "2")
        self.send("CPID", str(os.getpid()))
        lines = []
        while True:
            line = self.line()
            lines.append(line)
            if line[0] == "DONE":
                return lines


def params(fields):
    out = {}
    for f in fields:
        key, eq, value = f.partition("=")
        out[key] = value if eq else True
    return out


def b64(data):
    return base64.b64encode(data).decode()


class Scram:
    def __init__(self, user, password, hashname):
        self.user, self.password, self.hash = user, password, hashname
        self.nonce = base64.b64encode(os.urandom(18)).decode()
        self.first_bare = f"n={user},r={self.nonce}"

    def first(self):
        return ("n,," + self.first_bare).encode()

    def final(self, server_first):
        attrs = dict(kv.split("=", 1) for kv in server_first.decode().split(","))
        assert attrs["r"].startswith(self.nonce)
        salted = hashlib.pbkdf2_hmac(self.hash, self.password.encode(), base64.b64decode(attrs["s"]), int(attrs["i"]))
        client_key = hmac.new(salted, b"Client Key", self.hash).digest()
        stored_key = hashlib.new(self.hash, client_key).digest()
        without_proof = f"c=biws,r={attrs['r']}"
        auth_message = ",".join([self.first_bare, server_first.decode(), without_proof]).encode()
        signature = hmac.new(stored_key, auth_message, self.hash).digest()
        proof = bytes(a ^ b for a, b in zip(client_key, signature))
        server_key = hmac.new(salted, b"Server Key", self.hash).digest()
        self.expected_server_signature = base64.b64encode(hmac.new(server_key, auth_message, self.hash).digest()).decode()
        return f"{without_proof},p={base64.b64encode(proof).decode()}".encode()

    def check_server_final(self, data):
        return data.decode() == "v=" + self.expected_server_signature


def authenticate(conn, req_id, mech, user, password, extra=("service=imap", "secured")):
    """Runs one exchange; returns ("OK"|"FAIL", params dict)."""
    mech = mech.upper()
    if mech == "PLAIN":
        conn.send("AUTH", str(req_id), mech, *extra, "resp=" + b64(f"\0{user}\0{password}".encode()))
    else:
        conn.send("AUTH", str(req_id), mech, *extra)
    scram = Scram(user, password, "sha1" if mech == "SCRAM-SHA-1" else "sha256") if mech.startswith("SCRAM") else None
    step = 0
    while True:
        reply = conn.line()
        if reply[0] in ("OK", "FAIL"):
            assert reply[1] == str(req_id), reply
            return reply[0], params(reply[2:])
        assert reply[0] == "CONT" and reply[1] == str(req_id), reply
        challenge = base64.b64decode(reply[2]) if len(reply) > 2 else b""
        if mech == "LOGIN":
            answer = user.encode() if step == 0 else password.encode()
        elif mech == "CRAM-MD5":
            digest = hmac.new(password.encode(), challenge, "md5").hexdigest()
            answer = f"{user} {digest}".encode()
        elif scram:
            if step == 0:
                answer = scram.first() if not challenge else None
                if answer is None:
                    raise AssertionError("unexpected SCRAM challenge before client-first")
            elif step == 1:
                answer = scram.final(challenge)
            else:
                assert scram.check_server_final(challenge), "server signature does not verify"
                answer = b""
        else:
            raise AssertionError(f"no client for {mech}")
        step += 1
        conn.send("CONT", str(req_id), b64(answer))
