"""Plain text from the public form as safe rich text: every character is
escaped, blank lines separate paragraphs, single line breaks stay."""

import re

from django.utils.html import escape

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraphs(text):
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    blocks = (block.strip() for block in PARAGRAPH_BREAK.split(text))
    return "".join(
        "<p>{}</p>".format("<br/>".join(escape(line) for line in block.split("\n")))
        for block in blocks
        if block
    )
