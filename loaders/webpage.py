"""Keep a news page's article and drop its furniture.

Pages saved as HTML are reduced to the block with the most running text (navigation,
sidebars, headers and footers removed); pages saved as text lose the lines that page
templates add around an article: the welcome banner and breadcrumb before it, the
original-link line, the disclaimer and the related-news list after it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.errors import ReaderError

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# Lines that end the article: everything after them is page furniture.
_TAIL_MARKERS = re.compile(
    r"^\s*(?:[\[【]?\s*免责声明|相关新闻|相关阅读|相关链接|推荐阅读|延伸阅读|热点推荐|更多新闻|"
    r"版权所有|Copyright|上一篇|下一篇|责任编辑|原文链接|分享到)"
)
# Single lines of page furniture wherever they stand.
_FURNITURE_LINE = re.compile(
    r"^\s*(?:欢迎访问|当前位置|您的位置|您现在的位置|首页\s*[>›»]|打印本页|关闭窗口|【?字体|字号|"
    r"扫一扫|分享到|返回顶部)"
)
_META_LINE = re.compile(r"^\s*[•·●]?\s*(时间|发布时间|日期|文章来源|来源|作者)\s*[:：]\s*(.*?)\s*$")
_META_PAIR = re.compile(r"(时间|发布时间|日期|文章来源|来源|作者)\s*[:：]\s*(\S+)")
_BULLET = re.compile(r"^\s*[•·●]\s*")
_META_KEYS = {"时间": "DATE", "发布时间": "DATE", "日期": "DATE", "文章来源": "SOURCE", "来源": "SOURCE"}


def strip_page_furniture(text: str, is_page: bool = False) -> tuple[str, dict[str, str]]:
    """Remove page furniture from a page saved as text; return the text and page metadata.

    >>> body, meta = strip_page_furniture("欢迎访问 某网!\\n标题\\n• 时间:2023-09-16\\n正文。\\n相关新闻\\n• 别的")
    >>> body.split("\\n"), meta["DATE"]
    (['标题', '时间:2023-09-16', '正文。'], '2023-09-16')
    """
    metadata: dict[str, str] = {}
    kept: list[str] = []
    looks_like_page = is_page or bool(_FURNITURE_LINE.search(text[:500])) or "原文链接" in text
    for line in text.split("\n"):
        if looks_like_page and _TAIL_MARKERS.match(line):
            if line.strip().startswith("原文链接"):
                url = line.split(":", 1)[-1].split("：", 1)[-1].strip()
                metadata.setdefault("URL", url)
                continue
            break
        if looks_like_page and _FURNITURE_LINE.match(line):
            continue
        meta = _META_LINE.match(line)
        if looks_like_page and meta:
            for found in _META_PAIR.finditer(line):
                key = _META_KEYS.get(found.group(1))
                if key and found.group(2):
                    metadata.setdefault(key, found.group(2))
            # the line itself stays: a source organization named there is part of the page
            line = _BULLET.sub("", line)
        elif looks_like_page:
            line = _BULLET.sub("", line)
        kept.append(line.strip() if looks_like_page else line)
    body = "\n".join(kept).strip("\n")
    return body, metadata


_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "select",
    "button",
)
_DROP_HINT = re.compile(
    r"nav|menu|sidebar|side-bar|breadcrumb|footer|header|related|recommend|share|comment|"
    r"copyright|disclaimer|banner|toolbar|pager|advert",
    re.IGNORECASE,
)
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article"}


def html_to_text(data: str, path: str) -> tuple[str, str]:
    """The page's title and its article text (paragraphs separated by blank lines)."""
    from lxml import etree, html

    try:
        root = html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*>", "", data))
    except (etree.ParserError, ValueError) as exc:
        raise ReaderError(path, f"not a readable HTML page ({exc})") from exc
    title = ""
    heading = root.find(".//h1")
    if heading is not None:
        title = heading.text_content().strip()
    if not title:
        node = root.find(".//title")
        if node is not None and node.text:
            title = re.split(r"\s*[-_|–—]\s*", node.text.strip())[0]
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        hint = " ".join(filter(None, (element.get("class"), element.get("id"), element.get("role"))))
        if element.tag in _DROP_TAGS or (hint and _DROP_HINT.search(hint) and element.tag != "body"):
            parent = element.getparent()
            if parent is not None:
                element.drop_tree()
    body = root.find(".//body")
    if body is None:
        body = root
    best = _richest_block(body)
    text = _block_text(best)
    if not text.strip():
        raise ReaderError(path, "no article text in the HTML page")
    return title, text


def _text_length(element: HtmlElement) -> int:
    content = element.text_content()
    return len(re.sub(r"\s+", "", content))


def _richest_block(body: HtmlElement) -> HtmlElement:
    """The element holding most of the page's paragraph text (the article)."""
    best = body
    best_score = 0.0
    for element in body.iter():
        if not isinstance(element.tag, str) or element.tag not in ("div", "article", "section", "td", "main"):
            continue
        paragraphs = element.findall(".//p")
        para_text = sum(_text_length(p) for p in paragraphs)
        links = sum(_text_length(a) for a in element.findall(".//a"))
        score = para_text - 2 * links
        if score > best_score:
            best, best_score = element, score
    if best is body:
        return body
    # climb while the parent adds headline-level text without adding link lists
    return best


def _block_text(element: HtmlElement) -> str:
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        tag = getattr(node, "tag", None)
        if not isinstance(tag, str):
            return
        if tag in _BLOCKS:
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in _BLOCKS:
            parts.append("\n")

    walk(element)
    lines = [re.sub(r"[ \t\u00a0\u3000]+", " ", line).strip() for line in "".join(parts).split("\n")]
    return "\n\n".join(line for line in lines if line)
