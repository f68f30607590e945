"""Money: `Decimal` in Python, integer centimes in the database, never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def to_centimes(amount: Decimal | int) -> int:
    """Exact conversion; an amount with fractions of a centime is a bug, not a rounding case."""
    value = Decimal(amount)
    centimes = value * 100
    if centimes != centimes.to_integral_value():
        raise ValueError(f"amount {amount!r} has fractions of a centime")
    return int(centimes)


def from_centimes(centimes: int) -> Decimal:
    return (Decimal(centimes) / 100).quantize(CENT)


def quantize(amount: Decimal) -> Decimal:
    """Round a computed amount (a rate conversion, a share) to the centime, half up."""
    try:
        return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:  # NaN or infinity
        raise ValueError(f"not an amount: {amount!r}") from exc
