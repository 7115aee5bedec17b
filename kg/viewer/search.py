"""Search keys precomputed in Python, so the page can find 赵勇 by ``zhaoyong`` or ``zy``.

pypinyin chooses the reading of a polyphonic character from its phrase dictionary (长 in 组长
is zhang); the page matches a typed query against the name, the aliases, the full pinyin and
the pinyin initials of each, lower-cased and without spaces.
"""

from __future__ import annotations


def pinyin_keys(names: list[str]) -> tuple[str, str]:
    """Full pinyin and initials of each name, space-separated.

    >>> pinyin_keys(["赵勇", "赵组长"])
    ('zhaoyong zhaozuzhang', 'zy zzz')
    """
    from pypinyin import Style, lazy_pinyin

    full: list[str] = []
    initials: list[str] = []
    for name in names:
        full.append("".join(lazy_pinyin(name, errors="ignore")).lower())
        initials.append("".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")).lower())
    return " ".join(k for k in full if k), " ".join(k for k in initials if k)
