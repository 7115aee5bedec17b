"""Projects: a specific name ending with 项目, its amount in yuan, place and funder.

The name is the noun phrase written before 项目 (甘德县柯曲镇幼儿园项目,
玛多县民族寄宿制学校改扩建项目). A name is kept only when it names one project: it holds a
place, an organization or a quoted name, and something beyond years, places and the
generic words of ``kg/data/generic_projects.txt`` (2024年上海援建项目 and 清洁能源项目
are kinds of projects, not projects).

- amount: the total written with 总投资/投资/估算… in the sentence (项目总投资3200万元),
  else the only amount of the project's clause;
- place: the most specific place inside the name, else one written after 位于/在;
- funder: 上海援建的…, 由X出资…, 其中X援建资金…, or 上海援玛多县… inside the name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.data import read_words
from kg.extract.amounts import AmountParser
from kg.extract.facts import SentenceFacts, parties
from kg.extract.tagger import Token
from kg.models import Amount, ProjectMention

_NAME_TAGS = frozenset({"n", "nz", "vn", "ORG", "LOC", "ns", "nt", "m", "TIME", "a", "an", "PER", "j", "nw"})
_YEAR = re.compile(r"\d{4}年度?|\d{4}—\d{4}年|[一二三四五六七八九十]+期")
_QUOTES = ("“", "《", '"', "「")


class ProjectRecognizer:
    def __init__(self) -> None:
        self._generic = tuple(sorted(read_words("generic_projects.txt"), key=len, reverse=True))
        self._funding_verbs = tuple(sorted(read_words("project_funding_verbs.txt"), key=len, reverse=True))
        self._totals = tuple(sorted(read_words("project_total_words.txt"), key=len, reverse=True))
        self._amounts = AmountParser()

    def projects(self, facts: SentenceFacts) -> list[ProjectMention]:
        tokens = facts.tokens
        out: list[ProjectMention] = []
        spans = self._amounts.spans(facts.text)
        for k, tok in enumerate(tokens):
            if not tok.text.endswith("项目"):
                continue
            i = self._name_start(tokens, k)
            start, end = tokens[i].start, tok.end
            name = facts.text[facts.local(start) : facts.local(end)]
            if not self._specific(facts, name, start, end):
                continue
            out.append(
                ProjectMention(
                    name=name,
                    start=start,
                    end=end,
                    amount=self._amount(facts, spans),
                    place=self._place(facts, start, end),
                    funder=self._funder(facts, start, end),
                )
            )
        return out

    @staticmethod
    def _name_start(toks: Sequence[Token], k: int) -> int:
        i = k
        while i > 0:
            prev = toks[i - 1]
            if prev.tag in _NAME_TAGS or prev.text == "援":
                i -= 1
                continue
            # a one-character verb inside the name: 学校 改 扩建 项目
            if prev.tag == "v" and len(prev.text) == 1 and i - 2 >= 0 and toks[i - 2].tag in _NAME_TAGS:
                i -= 1
                continue
            break
        while i < k and (toks[i].tag in ("m", "TIME") and not _YEAR.fullmatch(toks[i].text)):
            i += 1  # 一批, 3个: counts, not part of the name
        return i

    def _specific(self, facts: SentenceFacts, name: str, start: int, end: int) -> bool:
        """True when the name holds a place, an organization or a quote, and something
        beyond years, places and generic words (an organization's name counts)."""
        places = [m for m in facts.places if start <= m.start and m.end <= end]
        orgs = [m for m in facts.organizations if start <= m.start and m.end <= end]
        quoted = any(q in facts.text[max(0, facts.local(start) - 1) : facts.local(end)] for q in _QUOTES)
        core = name.removesuffix("项目")
        for m in sorted(orgs, key=lambda m: -len(m.text)):
            core = core.replace(m.text, "组织")  # an organization is specific content
        for m in sorted(places, key=lambda m: -len(m.text)):
            core = core.replace(m.text, "")
        core = _YEAR.sub("", core)
        for word in self._generic:
            core = core.replace(word, "")
        core = core.strip("的和及、 ")
        return len(core) >= 2 and bool(places or orgs or quoted)

    def _amount(self, facts: SentenceFacts, spans: list[tuple[int, int, Amount]]) -> Amount | None:
        if not spans:
            return None
        text = facts.text
        for s, _e, amount in spans:
            if any(w in text[max(0, s - 8) : s] for w in self._totals):
                return amount
        return spans[0][2] if len(spans) == 1 else None

    @staticmethod
    def _place(facts: SentenceFacts, start: int, end: int) -> str | None:
        inside = [p for p in facts.places if start <= p.start and p.end <= end]
        if inside:
            run = [inside[0]]
            for p in inside[1:]:
                if p.start == run[-1].end:
                    run.append(p)
            return run[-1].canonical or run[-1].text
        for p in facts.places:
            local = facts.local(p.start)
            if facts.text.endswith(("位于", "落户", "在"), 0, local):
                return p.canonical or p.text
        return None

    def _funder(self, facts: SentenceFacts, start: int, end: int) -> str | None:
        """上海援建的…项目, 由浦东新区出资…, 其中上海援建资金…; 上海援玛多县…项目 inside the name."""
        text = facts.text
        for unit in parties(facts):
            at = facts.local(unit.end)
            verb = next((v for v in self._funding_verbs if text.startswith(v, at)), None)
            if verb is None:
                continue
            if verb == "援":
                if unit.start == start:
                    return unit.name
                continue
            if unit.end <= start or unit.start >= end:
                return unit.name
        return None
