"""A strict HTML tree for tests: every element closed in order, attributes kept."""

from __future__ import annotations

from html.parser import HTMLParser

from attrs import define, field

_VOID = {"meta", "br", "hr", "img", "input", "link", "wbr"}


@define
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element] = field(factory=list)
    text: list[str] = field(factory=list)
    all_text: list[str] = field(factory=list)

    @property
    def content(self) -> str:
        """All the text inside, in document order, as a browser's ``textContent``."""
        return "".join(self.all_text)

    def walk(self) -> list[Element]:
        return [self, *(e for child in self.children for e in child.walk())]

    def find(self, tag: str) -> list[Element]:
        return [e for e in self.walk() if e.tag == tag]

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class Tree(HTMLParser):
    """A strict tree builder: every element closed in order (voids and ``/>`` excepted)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]
        self.problems: list[str] = []

    def _open(self, tag: str, attrs: list[tuple[str, str | None]]) -> Element:
        node = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        return node

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = self._open(tag, attrs)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.stack[-1].tag != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1].tag}>")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].text.append(data)
        for open_element in self.stack:
            open_element.all_text.append(data)


def parse(page: str) -> Element:
    tree = Tree()
    tree.feed(page)
    tree.close()
    assert not tree.problems, tree.problems
    assert [e.tag for e in tree.stack] == ["#document"], "unclosed elements"
    return tree.root
