"""The blind set's marker: `-m "not blind"` leaves it out (it builds ~55 mails with LibreOffice)."""


def pytest_configure(config):
    config.addinivalue_line("markers", "blind: the blind set of proposals (generated, scored, figures printed)")
