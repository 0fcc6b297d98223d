"""The third blind set's marker: `-m "not blind3"` leaves it out (it builds 22 mails with LibreOffice)."""


def pytest_configure(config):
    config.addinivalue_line("markers", "blind3: the third blind set of proposals (generated, scored, figures printed)")
