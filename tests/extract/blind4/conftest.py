"""The fourth blind set's marker: `-m "not blind4"` leaves it out (it builds 26 mails with LibreOffice)."""


def pytest_configure(config):
    config.addinivalue_line("markers", "blind4: the fourth blind set of proposals (generated, scored, figures printed)")
