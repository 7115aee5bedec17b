"""The role a person or organization plays in an event, read from the verbs written after
its name: 林海峰率…赴玛沁县调研 (led), 周明远主持会议并讲话 (chaired, spoke),
马文斌，周立新陪同考察 (both attended).

Names, their titles and other named units are masked first, so that the verb of a list of
titled names (A、B出席) is found for each of them.
"""

from __future__ import annotations

from collections.abc import Iterable

from kg.data import read_table
from kg.models import ParticipantRole

_STOPS = "。；！？;!?"
_COMMAS = "，,"
_LINKS = ("并", "并且", "同时")
_MAX_SCAN = 40
_FOLLOWERS = ("等", "同志")


class RoleReader:
    """Reads roles from ``kg/data/participant_roles.tsv``."""

    def __init__(self) -> None:
        rows = read_table("participant_roles.tsv")
        roles = sorted(((r[0], ParticipantRole(r[1])) for r in rows), key=lambda r: -len(r[0]))
        self._by_first: dict[str, list[tuple[str, ParticipantRole]]] = {}
        for word, role in roles:  # longest first within each list
            self._by_first.setdefault(word[0], []).append((word, role))

    def _role_at(self, text: str, i: int, first: bool) -> tuple[str, ParticipantRole] | None:
        for word, role in self._by_first.get(text[i], ()):
            if len(word) == 1 and not first:
                continue  # 率, 赴 only right after the name: 效率, 奔赴 are other words
            if text.startswith(word, i):
                return word, role
        return None

    def roles(self, text: str, masked: list[bool], end: int) -> list[ParticipantRole]:
        """Roles of the unit whose name ends at ``end`` (an offset into ``text``); ``masked``
        marks the characters of names and titles."""
        out: list[ParticipantRole] = []
        i = end
        n = len(text)
        while i < n:
            if masked[i]:
                i += 1
                continue
            follower = next((f for f in _FOLLOWERS if text.startswith(f, i)), None)
            if follower is None:
                break
            i += len(follower)
        first = True
        scanned = 0
        while i < n and scanned < _MAX_SCAN:
            if masked[i]:
                i += 1
                continue
            ch = text[i]
            if ch in _STOPS:
                break
            if ch in _COMMAS:
                j = i + 1
                if j < n and (masked[j] or text.startswith(_LINKS, j)) and not out:
                    i = j
                    first = True
                    continue
                if out and j < n and text.startswith(_LINKS, j):
                    i = j
                    continue
                break
            hit = self._role_at(text, i, first)
            if hit is not None:
                word, role = hit
                linked = text[max(0, i - 1) : i] in ("并", "且") or text[max(0, i - 2) : i] in ("并作", "并发表")
                if not out or (linked and role not in out):
                    out.append(role)
                i += len(word)
                first = False
                scanned += len(word)
                continue
            first = False
            i += 1
            scanned += 1
        return out


def mask(length: int, spans: Iterable[tuple[int, int]]) -> list[bool]:
    """True for each character covered by one of ``spans`` (offsets into the text)."""
    out = [False] * length
    for start, end in spans:
        for k in range(max(0, start), min(length, end)):
            out[k] = True
    return out
