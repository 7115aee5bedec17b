"""Money amounts in yuan.

>>> AmountParser().find("项目估算总投资50813万元")[0].yuan
Decimal('508130000')
>>> AmountParser().find("总投资2.3亿元")[0].yuan
Decimal('230000000')
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from kg.models import Amount

_UNITS = {
    "": Decimal(1),
    "百": Decimal(100),
    "千": Decimal(1000),
    "万": Decimal(10_000),
    "百万": Decimal(1_000_000),
    "千万": Decimal(10_000_000),
    "亿": Decimal(100_000_000),
    "万亿": Decimal(1_000_000_000_000),
}
# 50813万元, 2.3亿元, 1,200元, 50多万元, 3000余万元, 1.2万亿元 (not 万美元, 万港元)
_PATTERN = re.compile(r"(?P<n>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<more>多|余)?(?P<unit>万亿|百万|千万|亿|万|千|百)?元")


class AmountParser:
    def find(self, text: str) -> list[Amount]:
        """Amounts written in ``text`` (``50多万元`` counts as its lower bound)."""
        return [amount for _, _, amount in self.spans(text)]

    def spans(self, text: str) -> list[tuple[int, int, Amount]]:
        """Amounts with their offsets in ``text``."""
        out: list[tuple[int, int, Amount]] = []
        for m in _PATTERN.finditer(text):
            try:
                number = Decimal(m.group("n").replace(",", ""))
            except InvalidOperation:
                continue
            value = number * _UNITS[m.group("unit") or ""]
            exact = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
            out.append((m.start(), m.end(), Amount(exact, m.group(0))))
        return out
