"""The ninth blind set's marker: `-m "not blind9"` leaves it out (it builds 28 mails with LibreOffice)."""


def pytest_configure(config):
    config.addinivalue_line("markers", "blind9: the ninth blind set of proposals (generated, scored, figures printed)")
