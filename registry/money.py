"""Amounts as the public site shows them, for every page that shows one (the
public pages' ``yuan`` filter, the admin's lists)."""

from decimal import Decimal


def yuan(amount) -> str:
    """``123456`` → ``¥123,456.00``; empty for no amount."""
    if amount is None or amount == "":
        return ""
    return f"¥{Decimal(amount):,.2f}"
