"""Markers of the crash and soak tests (pyproject.toml is not theirs to change)."""


def pytest_configure(config):
    config.addinivalue_line("markers", "crash: the service killed with SIGKILL during a backfill (runs in CI)")
