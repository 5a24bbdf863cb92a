"""scripts/check-layering.sh keeps sockets, TLS and Asio out of the pure libraries."""
import subprocess

from conftest import SOURCE_ROOT

SCRIPT = SOURCE_ROOT / "scripts" / "check-layering.sh"


def run(src):
    return subprocess.run(["bash", str(SCRIPT), str(src)], capture_output=True, text=True, timeout=30)


def test_the_tree_is_clean():
    r = run(SOURCE_ROOT / "src")
    assert r.returncode == 0, r.stderr


def test_a_socket_include_in_a_pure_library_is_caught(tmp_path):
    (tmp_path / "config").mkdir()
    (tmp_path / "imap" / "proto").mkdir(parents=True)
    (tmp_path / "config" / "ok.cpp").write_text("#include <string>\n")
    (tmp_path / "imap" / "proto" / "bad.cpp").write_text("#include <sys/socket.h>\n")
    r = run(tmp_path)
    assert r.returncode == 1
    assert "imap/proto/bad.cpp:1" in r.stderr


def test_openssl_in_core_is_caught(tmp_path):
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "x.hpp").write_text('#include "openssl/evp.h"\n')
    r = run(tmp_path)
    assert r.returncode == 1 and "core/x.hpp" in r.stderr
