"""The one amount parser: French (and a few foreign) ways of writing euros."""
from __future__ import annotations

import pytest

from extract.amounts import find_amounts, parse_amount, trailing_amount


@pytest.mark.parametrize("text, value", [
    ("12 500 €", 12500.0),
    ("12 500,00 € HT", 12500.0),
    ("12.500 €", 12500.0),
    ("12 500 euros", 12500.0),
    ("12\u00a0500\u00a0€", 12500.0),
    ("12\u202f500 €", 12500.0),
    ("12\u2009500 €", 12500.0),
    ("12,5 k€", 12500.0),
    ("12 k€", 12000.0),
    ("12 K€", 12000.0),
    ("12 keuros", 12000.0),
    ("35 KE", 35000.0),
    ("7,5 KE HT", 7500.0),
    ("1,2 M€", 1200000.0),
    ("€12,500.00", 12500.0),
    ("1 234 567,89 €", 1234567.89),
    ("45 000€ TTC", 45000.0),
    ("(12 500 €)", 12500.0),
    ("25800", 25800.0),
    ("12,50 €", 12.5),
    ("env. 5 000 €", 5000.0),
    ("12 500 EUR", 12500.0),
    ("0 €", 0.0),
    (25800, 25800.0),
    (1234.5, 1234.5),
])
def test_parse_amount(text, value):
    assert parse_amount(text) == value


@pytest.mark.parametrize("text", ["2023", "3 jours", "20 %", "octobre 2022", "", None, "Total", "12 et 14 €"])
def test_not_an_amount(text):
    assert parse_amount(text) is None


def test_bare_numbers_only_in_money_columns():
    assert parse_amount("18000", bare_ok=False) is None
    assert parse_amount("18 000 €", bare_ok=False) == 18000.0


def test_find_amounts_in_running_text():
    amounts = find_amounts("Nous sollicitons 40 000 € auprès de l'Anact pour un total de 52,5 k€ en 2023.")
    assert [a.value for a in amounts if a.has_currency] == [40000.0, 52500.0]


def test_an_accounting_negative_in_brackets():
    """"(500.00)" is how accounting exports print a discount; "(27 300 €)" in a sentence is an aside."""
    assert [a.value for a in find_amounts("Remise sur honoraires 1 (500.00) (500.00)")] == [1.0, -500.0, -500.0]
    assert [a.value for a in find_amounts("un chargé d'études (27 300 €) et (12) ateliers")] == [27300.0, 12.0]
    assert trailing_amount("Avoir n° 12 (1.250,00)") == ("Avoir n° 12", -1250.0)


def test_trailing_amount():
    assert trailing_amount("Salaires (chef de projet, 30 jours) ........ 15 000 €") == (
        "Salaires (chef de projet, 30 jours)", 15000.0)
    assert trailing_amount("Frais de déplacement\t2 000 euros HT") == ("Frais de déplacement", 2000.0)
    assert trailing_amount("Bilan et diffusion septembre 2023 – novembre 2023") is None
    assert trailing_amount("Les ateliers auront lieu en 2023 et nous visons 40 000 € de budget au total") is None


@pytest.mark.parametrize("text", ["06 71 22 48 90", "Tél. +33 4 76 12 34 56", "tél : 04.76.12.34.56", "0612345678"])
def test_a_telephone_number_holds_no_amount(text):
    assert find_amounts(text) == []
