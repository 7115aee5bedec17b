"""General word lists used by the recognizers, loaded from ``kg/data``.

Only general words live here (title words, organization suffixes, surnames…); nothing
about particular documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.data import read_table, read_words


def _longest_suffix(text: str, words: frozenset[str], longest: int) -> str | None:
    for n in range(min(longest, len(text)), 0, -1):
        if text[-n:] in words:
            return text[-n:]
    return None


@dataclass(frozen=True)
class TitleParts:
    """A title segment split into the organization written before the role, and the role."""

    organization: str  # may be empty: 副州长
    role: str  # with its modifiers: 常务副部长


@dataclass(frozen=True)
class Lexicon:
    roles: frozenset[str]
    modifiers: tuple[str, ...]
    post_name_titles: frozenset[str]
    honorifics: frozenset[str]
    org_suffixes: frozenset[str]
    place_suffixes: frozenset[str]
    surnames: frozenset[str]
    ethnic_groups: tuple[str, ...]
    abbreviations: dict[str, str]  # 沪 → 上海市
    # role_suffix is asked about every token; the same words recur, so answers are kept
    _role_suffixes: dict[str, str | None] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @classmethod
    def load(cls) -> Lexicon:
        """Read every list from ``kg/data``."""
        return cls(
            roles=frozenset(read_words("title_roles.txt")),
            modifiers=tuple(sorted(read_words("title_modifiers.txt"), key=len, reverse=True)),
            post_name_titles=frozenset(read_words("post_name_titles.txt")),
            honorifics=frozenset(read_words("honorifics.txt")),
            org_suffixes=frozenset(read_words("org_suffixes.txt")),
            place_suffixes=frozenset(read_words("place_suffixes.txt")),
            surnames=frozenset(read_words("surnames.txt")),
            ethnic_groups=tuple(sorted(read_words("ethnic_groups.txt"), key=len, reverse=True)),
            abbreviations={row[0]: row[1] for row in read_table("abbreviations.tsv")},
        )

    def role_suffix(self, text: str) -> str | None:
        """The longest role word that ends ``text``."""
        try:
            return self._role_suffixes[text]
        except KeyError:
            found = self._role_suffixes[text] = _longest_suffix(text, self.roles, 6)
            return found

    def ends_with_role(self, text: str) -> bool:
        """True when ``text`` ends with a role word (副主任, 县委书记)."""
        return self.role_suffix(text) is not None

    def split_title(self, segment: str) -> TitleParts | None:
        """Split ``青海省委组织部常务副部长`` into (青海省委组织部, 常务副部长); None if the
        segment does not end with a role word.

        >>> Lexicon.load().split_title("青海省委组织部常务副部长")
        TitleParts(organization='青海省委组织部', role='常务副部长')
        """
        role = self.role_suffix(segment)
        if role is None:
            return None
        rest = segment[: -len(role)]
        stripped = True
        while stripped and rest:
            stripped = False
            for modifier in self.modifiers:
                if rest.endswith(modifier):
                    rest = rest[: -len(modifier)]
                    role = modifier + role
                    stripped = True
                    break
        return TitleParts(rest, role)

    def org_suffix(self, text: str) -> str | None:
        """The longest organization suffix that ends ``text``."""
        return _longest_suffix(text, self.org_suffixes, 8)

    def place_suffix(self, text: str) -> str | None:
        return _longest_suffix(text, self.place_suffixes, 3)

    def is_surname_start(self, name: str) -> bool:
        return name[:1] in self.surnames or name[:2] in self.surnames
