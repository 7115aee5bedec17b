"""Money amounts in yuan.

>>> AmountParser().find("项目估算总投资50813万元")[0].yuan
Decimal('508130000')
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from kg.models import Amount

_UNITS = {"": Decimal(1), "万": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1000), "百": Decimal(100)}
_PATTERN = re.compile(r"(?P<n>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<more>多)?(?P<unit>亿|万|千|百)?(?P<unit2>万)?元")


class AmountParser:
    def find(self, text: str) -> list[Amount]:
        """Amounts written in ``text`` (``50多万元`` counts as its lower bound)."""
        out: list[Amount] = []
        for m in _PATTERN.finditer(text):
            try:
                number = Decimal(m.group("n").replace(",", ""))
            except InvalidOperation:
                continue
            value = number * _UNITS[m.group("unit") or ""] * _UNITS[m.group("unit2") or ""]
            exact = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
            out.append(Amount(exact, m.group(0)))
        return out

    def spans(self, text: str) -> list[tuple[int, int, Amount]]:
        return [(m.start(), m.end(), a) for m, a in zip(_PATTERN.finditer(text), self.find(text), strict=False)]
