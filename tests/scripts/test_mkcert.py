"""Integration tests for scripts/mkcert.sh (run with /usr/bin/python3 -m pytest)."""
import os
import pathlib
import socket
import ssl
import stat
import subprocess
import threading

import pytest

SCRIPT = pathlib.Path(__file__).resolve().parents[2] / "scripts" / "mkcert.sh"
X509_V_ERR_HOSTNAME_MISMATCH = 62


def mkcert(tmp_path, *args, env=None):
    cert, key = tmp_path / "certs" / "roost.pem", tmp_path / "private" / "roost.key"
    proc = subprocess.run([str(SCRIPT), "--cert", str(cert), "--key", str(key), *args],
                          capture_output=True, text=True, timeout=60, env=env)
    return proc, cert, key


def openssl(*args):
    return subprocess.run(["openssl", *args], check=True, capture_output=True, text=True).stdout


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def assert_pair_matches(cert, key):
    assert openssl("pkey", "-in", str(key), "-pubout") == \
        openssl("x509", "-in", str(cert), "-noout", "-pubkey")


def test_default_rsa(tmp_path):
    proc, cert, key = mkcert(tmp_path, "--cn", "mail.test", "--san", "imap.test",
                             "--san", "127.0.0.1")
    assert proc.returncode == 0, proc.stderr
    assert mode(key) == 0o600 and mode(cert) == 0o644
    assert mode(key.parent) == 0o700 and mode(cert.parent) == 0o755
    assert str(cert) in proc.stdout and str(key) in proc.stdout
    fingerprint = openssl("x509", "-in", str(cert), "-noout", "-fingerprint", "-sha256")
    assert fingerprint.strip().split("=", 1)[1] in proc.stdout

    info = openssl("x509", "-in", str(cert), "-noout", "-subject", "-ext", "subjectAltName")
    assert "CN = mail.test" in info
    for san in ("DNS:mail.test", "DNS:imap.test", "IP Address:127.0.0.1"):
        assert san in info
    assert "DNS:127.0.0.1" not in info
    ext = openssl("x509", "-in", str(cert), "-noout", "-text")
    assert "Version: 3" in ext and "CA:FALSE" in ext
    assert "TLS Web Server Authentication" in ext
    assert "rsaEncryption" in ext

    text = openssl("pkey", "-in", str(key), "-noout", "-text")
    assert "Private-Key: (3072 bit" in text and "publicExponent" in text
    assert_pair_matches(cert, key)


def test_ec_p256(tmp_path):
    proc, cert, key = mkcert(tmp_path, "--type", "ec", "--cn", "mail.test", "--days", "7")
    assert proc.returncode == 0, proc.stderr
    text = openssl("pkey", "-in", str(key), "-noout", "-text")
    assert "Private-Key: (256 bit" in text
    assert "ASN1 OID: prime256v1" in text and "NIST CURVE: P-256" in text
    assert mode(key) == 0o600
    assert_pair_matches(cert, key)
    dates = openssl("x509", "-in", str(cert), "-noout", "-checkend", str(6 * 86400))
    assert "will not expire" in dates
    with pytest.raises(subprocess.CalledProcessError):
        openssl("x509", "-in", str(cert), "-noout", "-checkend", str(8 * 86400))


def test_refuses_to_overwrite_without_force(tmp_path):
    proc, cert, key = mkcert(tmp_path, "--cn", "mail.test", "--type", "ec")
    assert proc.returncode == 0, proc.stderr
    before = cert.read_bytes(), key.read_bytes()

    again, _, _ = mkcert(tmp_path, "--cn", "mail.test", "--type", "ec")
    assert again.returncode == 1
    assert str(cert) in again.stderr and str(key) in again.stderr
    assert "--force" in again.stderr
    assert (cert.read_bytes(), key.read_bytes()) == before

    forced, _, _ = mkcert(tmp_path, "--cn", "mail.test", "--type", "ec", "--force")
    assert forced.returncode == 0, forced.stderr
    assert cert.read_bytes() != before[0] and key.read_bytes() != before[1]
    assert mode(key) == 0o600 and mode(cert) == 0o644
    assert_pair_matches(cert, key)
    assert sorted(p.name for p in key.parent.iterdir()) == ["roost.key"]


def handshake(cert, key, server_hostname):
    """One TLS connection to a loopback server presenting cert/key, verified with cafile=cert.

    Returns the greeting the server sent; raises the client's ssl error if verification fails."""
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(str(cert), str(key))
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(5)
    server_errors = []

    def serve():
        try:
            conn, _ = listener.accept()
            conn.settimeout(5)
            with conn, server_ctx.wrap_socket(conn, server_side=True) as tls:
                tls.sendall(b"* OK roost\r\n")
        except (OSError, ssl.SSLError) as exc:
            server_errors.append(exc)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        client_ctx = ssl.create_default_context(cafile=str(cert))
        with socket.create_connection(listener.getsockname(), timeout=5) as raw, \
                client_ctx.wrap_socket(raw, server_hostname=server_hostname) as tls:
            return tls.recv(64)
    finally:
        thread.join(10)
        listener.close()
        assert not thread.is_alive()


@pytest.mark.parametrize("key_type", ["rsa", "ec"])
def test_tls_handshake_verifies(tmp_path, key_type):
    proc, cert, key = mkcert(tmp_path, "--type", key_type, "--cn", "mail.test",
                             "--san", "imap.test", "--san", "127.0.0.1")
    assert proc.returncode == 0, proc.stderr
    for name in ("mail.test", "imap.test", "127.0.0.1"):
        assert handshake(cert, key, name) == b"* OK roost\r\n"
    with pytest.raises(ssl.SSLCertVerificationError) as err:
        handshake(cert, key, "wrong.test")
    assert err.value.verify_code == X509_V_ERR_HOSTNAME_MISMATCH


@pytest.mark.parametrize("args, message", [
    (["--type", "dsa"], "dsa"),
    (["--bogus"], "--bogus"),
    (["--days", "soon"], "--days"),
    (["--san", "bad,name"], "bad,name"),
    (["--cn"], "--cn"),
])
def test_bad_arguments(tmp_path, args, message):
    proc, cert, key = mkcert(tmp_path, *args)
    assert proc.returncode != 0
    assert message in proc.stderr
    assert not cert.exists() and not key.exists()


def test_help():
    proc = subprocess.run([str(SCRIPT), "--help"], capture_output=True, text=True, timeout=10)
    assert proc.returncode == 0
    assert proc.stdout.startswith("Usage:") and "--force" in proc.stdout


def test_openssl_failure_leaves_nothing_behind(tmp_path):
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "openssl").write_text(
        '#!/bin/sh\n[ "$1" = req ] && { echo "simulated failure" >&2; exit 1; }\n'
        'exec /usr/bin/openssl "$@"\n')
    (fake / "openssl").chmod(0o755)
    env = dict(os.environ, PATH=f"{fake}:{os.environ['PATH']}")
    proc, cert, key = mkcert(tmp_path, "--cn", "mail.test", "--type", "ec", env=env)
    assert proc.returncode == 1
    assert "simulated failure" in proc.stderr
    assert list(cert.parent.iterdir()) == [] and list(key.parent.iterdir()) == []

    assert mkcert(tmp_path, "--cn", "mail.test", "--type", "ec")[0].returncode == 0
    before = cert.read_bytes(), key.read_bytes()
    proc, _, _ = mkcert(tmp_path, "--cn", "mail.test", "--type", "ec", "--force", env=env)
    assert proc.returncode == 1
    assert (cert.read_bytes(), key.read_bytes()) == before
    assert sorted(p.name for p in key.parent.iterdir()) == ["roost.key"]
