"""The fifth blind set's marker: `-m "not blind5"` leaves it out (it builds 29 mails with LibreOffice)."""


def pytest_configure(config):
    config.addinivalue_line("markers", "blind5: the fifth blind set of proposals (generated, scored, figures printed)")
