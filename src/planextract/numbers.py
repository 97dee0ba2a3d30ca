"""Swedish number formats as they appear in the plans, parsed exactly (``Decimal``).

"5 445 555", "-5 945 555", "−387 240", "0,43", "3,65", "30,9 miljoner kronor", "ca 900 tkr".
Digit groups may be separated by SPACE, NO-BREAK SPACE, NARROW NO-BREAK SPACE or THIN SPACE;
the minus may be '-', U+2212 or an en dash. Anything else raises :class:`NumberFormatError`
naming the text: garbage never becomes 0 or NaN.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from .errors import NumberFormatError

GROUP_SEPARATORS = " \u00a0\u202f\u2009"
MINUS_SIGNS = "-\u2212\u2013"
_SEP = f"[{GROUP_SEPARATORS}]"
_NUMBER = re.compile(
    rf"^(?P<sign>[{MINUS_SIGNS}])?{_SEP}*"
    rf"(?P<int>\d{{1,3}}(?:{_SEP}\d{{3}})+|\d+)"
    r"(?:,(?P<frac>\d+))?$"
)

#: Multipliers of the amount units used in the plans, to kronor.
UNITS = {
    "kr": Decimal(1),
    "kronor": Decimal(1),
    "tkr": Decimal(1_000),
    "mnkr": Decimal(1_000_000),
    "miljoner kronor": Decimal(1_000_000),
    "mdkr": Decimal(1_000_000_000),
    "miljarder kronor": Decimal(1_000_000_000),
    "promille": Decimal("0.001"),
    "procent": Decimal("0.01"),
}


def is_number(text: str) -> bool:
    """True when ``text`` is one number in the documents' format (no unit)."""
    return _NUMBER.match(text.strip()) is not None


def parse_number(text: str) -> Decimal:
    """Parse one number ("-5 945 555", "0,1861") exactly; raise on anything else."""
    match = _NUMBER.match(text.strip())
    if match is None:
        raise NumberFormatError(text)
    digits = re.sub(_SEP, "", match["int"])
    value = Decimal(f"{digits}.{match['frac']}" if match["frac"] else digits)
    return -value if match["sign"] else value


def parse_int(text: str) -> int:
    """Parse a whole number (kronor, inhabitants); a decimal part is an error, not truncated."""
    value = parse_number(text)
    if value != value.to_integral_value():
        raise NumberFormatError(text, "not a whole number")
    return int(value)


def decimals_of(text: str) -> int:
    """How many decimals the text states: the precision a figure was given at."""
    match = _NUMBER.match(text.strip())
    if match is None:
        raise NumberFormatError(text)
    return len(match["frac"] or "")


def format_number(value: Decimal | int, decimals: int = 0, sep: str = " ", minus: str = "-") -> str:
    """Write ``value`` the way the documents do: grouped thousands, decimal comma."""
    quantized = Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = minus if quantized < 0 else ""
    whole, _, frac = f"{abs(quantized):f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return sign + sep.join(groups) + ("," + frac if frac else "")


@dataclass(frozen=True)
class Quantity:
    """A stated figure: its value in the stated unit, the unit, and the stated precision."""

    value: Decimal
    unit: str
    decimals: int
    approximate: bool = False

    @property
    def base_value(self) -> Decimal:
        """The value in the unit's base (kronor for amounts, a plain fraction for rates)."""
        return self.value * UNITS[self.unit]


_UNIT_NAMES = sorted(UNITS, key=len, reverse=True)
_QUANTITY = re.compile(
    r"(?P<approx>\bca\.?\s+)?"
    rf"(?P<number>[{MINUS_SIGNS}]?\d{{1,3}}(?:{_SEP}\d{{3}})+(?:,\d+)?|[{MINUS_SIGNS}]?\d+(?:,\d+)?)"
    rf"{_SEP}*(?P<unit>{'|'.join(re.escape(u) for u in _UNIT_NAMES)})\b",
    re.IGNORECASE,
)


def parse_quantity(text: str) -> Quantity:
    """Parse "30,9 miljoner kronor", "49,8 mnkr", "ca 900 tkr", "0,43 promille"."""
    match = _QUANTITY.fullmatch(text.strip())
    if match is None:
        raise NumberFormatError(text, "not an amount with a unit")
    return _quantity(match)


def find_quantities(text: str) -> list[tuple[str, Quantity]]:
    """Every amount-with-unit in running text, with the exact text it was read from."""
    return [(m.group(0).strip(), _quantity(m)) for m in _QUANTITY.finditer(text)]


def _quantity(match: re.Match[str]) -> Quantity:
    number = match["number"]
    return Quantity(
        value=parse_number(number),
        unit=match["unit"].lower(),
        decimals=decimals_of(number),
        approximate=bool(match["approx"]),
    )


def round_to(value: Decimal, decimals: int) -> Decimal:
    """Commercial rounding (half up), the rule the plans' figures follow."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def truncate_to(value: Decimal, decimals: int) -> Decimal:
    """Truncation toward zero: "46,9 miljoner" for 46 957 644 kr."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_DOWN)


def plain_decimal(value: Decimal) -> Decimal:
    """The figure without trailing zeros or exponent ("1.5", not "1.50" or "0E-9"), an
    integer as an integer: how a check's figures print in every output."""
    return Decimal(int(value)) if value == value.to_integral_value() else value.normalize()


def json_number(value: Decimal) -> int | float:
    """A decimal as a JSON number: an integer exactly, a fraction by the float whose shortest
    repr is its text (every figure the plans print has far fewer than 15 digits)."""
    value = plain_decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)

