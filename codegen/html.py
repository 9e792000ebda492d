"""The model's HTML documentation as plain text for docstrings."""

from __future__ import annotations

import html
import re
import textwrap
from html.parser import HTMLParser

_BLOCK = {"p", "div", "ul", "ol", "li", "br", "note", "important", "para", "dl", "dt", "dd"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._bullet_open = False  # a list item started and has no text yet

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            self.parts.append("\n\n- ")
            self._bullet_open = True
        elif tag in _BLOCK and not self._bullet_open:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if data.strip():
            self._bullet_open = False
        self.parts.append(data)


def html_to_text(source: str, width: int = 92) -> str:
    """Plain text paragraphs from the model's HTML, wrapped at ``width``; ``""`` for no docs."""
    if not source:
        return ""
    parser = _TextExtractor()
    parser.feed(source)
    parser.close()
    text = html.unescape("".join(parser.parts))
    paragraphs = []
    for para in re.split(r"\n\s*\n", text):
        para = " ".join(para.split())
        if para:
            indent = "  " if para.startswith("- ") else ""
            paragraphs.append(
                textwrap.fill(
                    para,
                    width=width,
                    subsequent_indent=indent,
                    break_long_words=False,
                    break_on_hyphens=False,
                )
            )
    # Docstrings must not end a triple-quoted string early or carry stray escapes.
    return "\n\n".join(paragraphs).replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
