"""The settings reference in doc/ is generated from the registry and must match it."""
import subprocess

from conftest import SOURCE_ROOT, program


def test_settings_reference_is_current():
    generated = subprocess.run([str(program("roostconf")), "--reference"], capture_output=True,
                               text=True, timeout=60, check=True).stdout
    committed = (SOURCE_ROOT / "doc" / "settings-reference.md").read_text()
    assert committed == generated, "doc/settings-reference.md is stale: run " \
        "build/src/tools/roostconf --reference > doc/settings-reference.md"
    for key in ("mail_location", "ssl_min_protocol", "pop3_uidl_format", "sieve_max_actions"):
        assert f"`{key}`" in committed
