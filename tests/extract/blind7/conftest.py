"""The seventh blind set's marker: `-m "not blind7"` leaves it out (it builds 26 mails with LibreOffice)."""


def pytest_configure(config):
    config.addinivalue_line("markers", "blind7: the seventh blind set of proposals (generated, scored, figures printed)")
