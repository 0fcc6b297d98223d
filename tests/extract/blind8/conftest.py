"""The eighth blind set's marker: `-m "not blind8"` leaves it out (it builds 27 mails with LibreOffice)."""


def pytest_configure(config):
    config.addinivalue_line("markers", "blind8: the eighth blind set of proposals (generated, scored, figures printed)")
