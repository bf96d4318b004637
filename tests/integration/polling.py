"""Bounded waiting for a condition in integration tests (never a timing assertion: the bound only
turns a hang into a failure)."""

import time

import pytest


def wait_until(predicate, timeout=120.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    pytest.fail("timed out waiting for " + what)
