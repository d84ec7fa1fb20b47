"""Split a Markdown file into its YAML front matter and its body."""

from __future__ import annotations

from dataclasses import dataclass

from .loader import YamlDoc, YamlError, parse_yaml


@dataclass
class FrontMatter:
    """A Markdown file split into its parsed front matter and its body."""

    doc: YamlDoc
    body: str
    body_line: int  # 1-based line number of the body's first line


def split_front_matter(text: str) -> FrontMatter:
    """Parse the `---` fenced YAML at the top of a Markdown file.

    Raises YamlError when there is none, when it is not closed or not valid YAML.
    """
    if not text.startswith("---"):
        raise YamlError("no front matter: the file must start with a '---' line", 1, 1)
    first_nl = text.find("\n")
    if first_nl < 0 or text[:first_nl].rstrip() != "---":
        raise YamlError("no front matter: the file must start with a '---' line", 1, 1)
    pos = first_nl + 1
    line = 2
    while True:
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        stripped = text[pos:end].rstrip()
        if stripped in ("---", "..."):
            doc = parse_yaml(text[first_nl + 1 : pos], line_offset=1)
            return FrontMatter(doc=doc, body=text[end + 1 :] if nl >= 0 else "", body_line=line + 1)
        if nl < 0:
            raise YamlError("front matter is not closed by a '---' line", 1, 1)
        pos = nl + 1
        line += 1
