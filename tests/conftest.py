"""Shared fixtures for Roost's integration tests (run with Debian's /usr/bin/python3 -m pytest)."""
import os
import pathlib
import socket

import pytest

SOURCE_ROOT = pathlib.Path(__file__).resolve().parent.parent


def build_dir() -> pathlib.Path:
    """The Meson build directory under test (ROOST_BUILD_DIR, default ./build)."""
    return pathlib.Path(os.environ.get("ROOST_BUILD_DIR", SOURCE_ROOT / "build")).resolve()


def program(name: str) -> pathlib.Path:
    """Path of a built Roost program; fails the test clearly when it was not built."""
    for candidate in build_dir().rglob(name):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    pytest.fail(f"program {name} not found under {build_dir()}: build first")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free on loopback a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


@pytest.fixture
def source_root() -> pathlib.Path:
    return SOURCE_ROOT
