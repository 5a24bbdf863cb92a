"""A raw IMAP client for the integration tests: exact bytes on the wire (literals, IDLE,
malformed commands) where imaplib would hide or refuse them. Every read is bounded."""
import socket
import ssl
import time


class Wire:
    def __init__(self, sock, timeout=10):
        self.sock = sock
        self.sock.settimeout(timeout)
        self.buf = b""
        self.n = 0

    @classmethod
    def connect_tls(cls, port, cafile, timeout=10):
        ctx = ssl.create_default_context(cafile=cafile)
        raw = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        return cls(ctx.wrap_socket(raw, server_hostname="127.0.0.1"), timeout)

    @classmethod
    def connect_plain(cls, port, timeout=10):
        return cls(socket.create_connection(("127.0.0.1", port), timeout=timeout), timeout)

    @classmethod
    def logged_in(cls, port, user="alice", password="secret"):
        """A plain connection to `port`, past the greeting and a LOGIN that must succeed."""
        w = cls.connect_plain(port)
        assert w.read_response().startswith(b"* OK "), "no greeting"
        w.expect_tagged_ok(f"LOGIN {user} {password}")
        return w

    def _fill(self, deadline):
        left = deadline - time.time()
        if left <= 0:
            raise TimeoutError("no answer from the server in time; got so far: %r" % self.buf[-500:])
        self.sock.settimeout(left)
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("server closed the connection; buffered: %r" % self.buf[-500:])
        self.buf += chunk

    def read_response(self, timeout=10):
        """One whole response line with its literals inlined, CRLF included."""
        deadline = time.time() + timeout
        out = b""
        while True:
            while b"\r\n" not in self.buf:
                self._fill(deadline)
            end = self.buf.index(b"\r\n") + 2
            line, self.buf = self.buf[:end], self.buf[end:]
            out += line
            if line.endswith(b"}\r\n") and b"{" in line:
                size = int(line[line.rindex(b"{") + 1:-3])
                while len(self.buf) < size:
                    self._fill(deadline)
                out += self.buf[:size]
                self.buf = self.buf[size:]
                continue
            return out

    def send(self, data):
        self.sock.sendall(data if isinstance(data, bytes) else data.encode())

    def tag(self):
        self.n += 1
        return "t%d" % self.n

    def command(self, text, timeout=20):
        """Sends `TAG text` and returns (untagged responses, tagged line)."""
        tag = self.tag()
        self.send(tag + " " + (text if isinstance(text, str) else text.decode("latin-1")) + "\r\n")
        return self.until_tagged(tag, timeout)

    def until_tagged(self, tag, timeout=20):
        untagged = []
        deadline = time.time() + timeout
        prefix = (tag + " ").encode()
        while True:
            line = self.read_response(max(0.1, deadline - time.time()))
            if line.startswith(prefix):
                return untagged, line
            untagged.append(line)

    def expect_tagged_ok(self, text, timeout=20):
        untagged, tagged = self.command(text, timeout)
        assert b" OK" in tagged[:20], (text, untagged, tagged)
        return untagged, tagged

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass
