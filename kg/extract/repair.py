"""Corrections of the tagger's tokens that recur in this genre, applied before recognition.

- 在/来/赴 + a one-character province abbreviation glued to the next word (在 沪跟岗,
  在 京中共中央政治局) → the abbreviation as its own place token;
- 援 + a name starting with a province abbreviation (援 青达日, 援 青医疗团队) → one token
  (援青达日), so that 援青达日联络小组 can be read as one organization;
- ORG/LOC 驻 X办事处 (上海市 驻 西宁办事处) → one organization token;
- two places joined by 和/与/及 inside one LOC token (风情湾和门堂乡) → split.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Protocol

from kg.extract.tagger import Token

PLACE_VERBS = frozenset({"在", "来", "赴", "抵", "离", "返", "回", "到", "驻", "留", "援"})
_JOINERS = ("和", "与", "及")
_OFFICE_ENDINGS = ("办事处", "办", "联络处", "代表处")


def _split(tok: Token, at: int, left_tag: str, right_tag: str) -> list[Token]:
    return [
        Token(tok.text[:at], left_tag, tok.start, tok.start + at),
        Token(tok.text[at:], right_tag, tok.start + at, tok.end),
    ]


def _merge(tokens: list[Token], tag: str) -> Token:
    return Token("".join(t.text for t in tokens), tag, tokens[0].start, tokens[-1].end)


class FormSet(Protocol):
    def __contains__(self, form: str, /) -> bool: ...


def repair(tokens: list[Token], abbreviations: Collection[str], places: FormSet) -> list[Token]:
    """The tokens with the corrections above; ``places`` answers whether a form is a place."""
    out: list[Token] = []
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        prev = out[-1] if out else None
        first = tok.text[:1]
        if (
            prev is not None
            and prev.text == "援"
            and first in abbreviations
            and len(tok.text) > 1
            and tok.tag in ("ORG", "LOC", "n", "nz", "PER")
            and tok.text[:2] not in places
        ):
            out[-1] = _merge([prev, tok], "ORG" if tok.tag != "LOC" else "nz")
            i += 1
            continue
        if (
            prev is not None
            and prev.text in PLACE_VERBS
            and prev.text != "援"
            and first in abbreviations
            and len(tok.text) > 1
            and not any(tok.text[:k] in places for k in range(2, min(len(tok.text), 8) + 1))
        ):
            rest_tag = tok.tag if tok.tag in ("ORG", "n", "v", "vn", "f", "nz") else "n"
            out.extend(_split(tok, 1, "LOC", rest_tag))
            i += 1
            continue
        if tok.text == "驻" and prev is not None and prev.tag in ("ORG", "LOC", "n", "nt") and i + 1 < n:
            j = i + 1
            while j < n and j < i + 4 and not tokens[j].text.endswith(_OFFICE_ENDINGS):
                if tokens[j].tag in ("w", "v", "p", "u", "c"):
                    break
                j += 1
            if j < n and tokens[j].text.endswith(_OFFICE_ENDINGS):
                # the office belongs to the body written before 驻: 省政府驻上海办事处
                k = len(out) - 1
                while k > 0 and out[k - 1].tag in ("ORG", "LOC", "n", "nt", "ns") and out[k].tag != "ORG":
                    k -= 1
                merged = _merge([*out[k:], *tokens[i : j + 1]], "ORG")
                del out[k:]
                out.append(merged)
                i = j + 1
                continue
        if tok.tag == "LOC" and len(tok.text) > 3:
            for joiner in _JOINERS:
                at = tok.text.find(joiner, 2)
                if 0 < at < len(tok.text) - 2:
                    out.append(Token(tok.text[:at], "LOC", tok.start, tok.start + at))
                    out.append(Token(joiner, "c", tok.start + at, tok.start + at + 1))
                    out.append(Token(tok.text[at + 1 :], "LOC", tok.start + at + 1, tok.end))
                    break
            else:
                out.append(tok)
            i += 1
            continue
        out.append(tok)
        i += 1
    return out


def join_minority_names(
    tokens: list[Token], parts: Collection[str], ends_with_title: Callable[[str], bool], verbs: Collection[str]
) -> list[Token]:
    """Tibetan-style names of two or three two-character parts written after a title or in
    a list of names, which the tagger cuts (副主任 才 让 多杰出席 → 副主任 才让多杰 出席)."""
    out = list(tokens)
    k = 0
    while k < len(out):
        tok = out[k]
        head = "".join(t.text for t in out[k + 1 : k + 3])[:2]
        if head not in parts:  # the cheap test first: most tokens are not before a name part
            k += 1
            continue
        after_list = tok.text == "、" and k > 0 and out[k - 1].tag == "PER"
        if not (after_list or (tok.tag != "PER" and ends_with_title(tok.text))):
            k += 1
            continue
        start = tok.end
        text = ""
        j = k + 1
        while j < len(out) and len(text) < 8 and out[j].start == start + len(text):
            text += out[j].text
            j += 1
        size = 0
        while size < 6 and text[size : size + 2] in parts:
            size += 2
        if size < 4 or (k + 1 < len(out) and out[k + 1].tag == "PER" and out[k + 1].end >= start + size):
            k += 1
            continue
        end = start + size
        name = Token(text[:size], "PER", start, end)
        j = k + 1
        while j < len(out) and out[j].end <= end:
            j += 1
        rest: list[Token] = []
        if j < len(out) and out[j].start < end:
            cut = end - out[j].start
            remainder = out[j].text[cut:]
            tag = "v" if remainder in verbs else out[j].tag
            rest = [Token(remainder, tag, end, out[j].end)]
            j += 1
        out[k + 1 : j] = [name, *rest]
        k += 2
    return out
