"""roost-lda runs once per message, started by the MTA, so what the dynamic linker loads is
paid on every delivery: libstdc++ is linked in statically, and loading libssl, libcrypto and
libsasl2 was measured to add about 1 ms of CPU (+60%) per delivery. submission_host therefore
uses the SMTP client's core (plain TCP, no TLS, no SASL). This keeps it that way."""
import re
import subprocess

from conftest import program

# What roost-lda may load: the C library and the kernel's vDSO. Sanitizer builds add their runtime.
ALLOWED = re.compile(r"^(linux-vdso\.so|libc\.so|libm\.so|ld-linux[-\w]*\.so|lib(asan|ubsan|lsan|tsan)\.so)")
EXPENSIVE = ("libssl", "libcrypto", "libsasl2", "libstdc++")


def loaded_libraries(path):
    r = subprocess.run(["ldd", str(path)], capture_output=True, text=True, timeout=30)
    assert r.returncode == 0, r.stderr
    names = [line.split()[0].rsplit("/", 1)[-1] for line in r.stdout.splitlines() if line.strip()]
    assert any(n.startswith("libc.so") for n in names), r.stdout  # ldd really listed something
    return names


def test_roost_lda_loads_only_the_c_library():
    names = loaded_libraries(program("roost-lda"))
    for expensive in EXPENSIVE:
        assert not [n for n in names if n.startswith(expensive)], f"roost-lda loads {expensive}: {names}"
    assert [n for n in names if not ALLOWED.match(n)] == [], names
