"""The second blind set's marker: `-m "not blind2"` leaves it out (it builds ~55 mails with LibreOffice)."""


def pytest_configure(config):
    config.addinivalue_line("markers", "blind2: the second blind set of proposals (generated, scored, figures printed)")
