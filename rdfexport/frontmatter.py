"""A fast reader for the front matter PFOCR writes (part of the read stage).

PyYAML builds ~155 Python objects per record through its generic constructor; PFOCR front
matter only uses block mappings, block sequences and plain or single-quoted scalars. This
reader handles exactly that subset and declines (returns None) on anything else, so that
every refusal and its message still comes from the full loader. Whenever it does not
decline, its result equals the full loader's (tests/test_perf_read_front_matter.py).
"""

from __future__ import annotations

import re
from itertools import repeat
from operator import sub


class _Decline(Exception):
    """The text uses YAML the fast reader does not handle: the full loader decides."""


# Characters libyaml refuses (non-printable) or treats as line breaks or BOM, and tabs,
# which have their own indentation rules: the full loader handles all of these.
_UNHANDLED_CHARS = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
# A node starting with one of these is an anchor, alias, tag, flow collection, block
# scalar, directive, reserved indicator or a ``-?:`` form the fast reader leaves alone
# (a ``-?:`` with a character other than a space after it starts a plain value).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# '' is always an escaped quote, never a closing quote and an opening one: the closing quote
# is the one no quote follows (a lookahead, not a possessive repeat, which Python 3.10 lacks
# and 3.11.0-3.11.4 match wrongly on groups)
_QUOTED = re.compile(r"'((?:[^']|'')*)'(?!')")
_QUOTED_OPEN = re.compile(r"(?:[^']|'')*")
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*)" *$')  # without escapes
_MAX_KEY = 1000  # libyaml refuses implicit keys over 1024 characters


class _FastFrontMatter:
    """A recursive reader of the block-style YAML subset, line by line.

    ``contents[i]`` (the line without its indentation, '' when blank) at column ``cols[i]`` is
    the next unread line; a collection at column ``col`` owns the lines at that column until
    one at a smaller column (a line in between is declined). A sentinel at column -1 ends
    every collection."""

    def __init__(self, yaml_text: str):
        lines = yaml_text.split("\n")
        # by ``map``: the loops run in C, not a Python step per line
        contents = list(map(str.lstrip, lines, repeat(" ")))
        self.cols = list(map(sub, map(len, lines), map(len, contents)))
        self.cols.append(-1)
        contents.append("<end>")
        self.contents = contents
        self.i = 0

    def document(self) -> dict:
        if self._next_column() != 0:
            raise _Decline
        value = self.mapping(0)
        if self._next_column() != -1:
            raise _Decline
        return value

    def _next_column(self) -> int:
        """Skip blank lines; the column of the next line (-1 at the end)."""
        contents, i = self.contents, self.i
        while not contents[i]:
            i += 1
        self.i = i
        return self.cols[i]

    def mapping(self, col: int) -> dict:
        value: dict = {}
        contents, cols = self.contents, self.cols
        while True:
            i = self.i  # ``_next_column``, inline: this loop runs for every key
            while not contents[i]:
                i += 1
            self.i = i
            column = cols[i]
            if column < col:
                return value
            split = _key_split(contents[i])  # None for a ``- item`` too
            if column > col or split is None:
                raise _Decline
            key, rest = split
            if key in value:
                raise _Decline  # the full loader refuses it, naming both lines
            value[key] = self.value_on_line(rest, col) if rest else self.value_below(col)

    def value_below(self, col: int):
        """The value of a ``key:`` at column ``col`` that ends its line."""
        self.i += 1
        column = self._next_column()
        if column < col:
            return ""
        content = self.contents[self.i]
        is_entry = content.startswith("- ") or content == "-"
        if column == col:
            return self.sequence(col) if is_entry else ""  # ``key:`` then a ``- item`` list
        return self.sequence(column) if is_entry else self.mapping(column)

    def sequence(self, col: int) -> list:
        items = []
        contents, cols = self.contents, self.cols
        while True:
            i = self.i  # ``_next_column``, inline: this loop runs for every item
            while not contents[i]:
                i += 1
            self.i = i
            column = cols[i]
            if column < col:
                return items
            content = contents[i]
            if column > col:
                raise _Decline
            if not content.startswith("- "):
                return items  # the parent mapping's next key, or a line it declines
            rest = content[2:].lstrip(" ")
            if not rest or rest[0] == "-":
                raise _Decline
            # no ``key:`` without a ': ' or a final ':' (the cheap test first: most items are words)
            if (": " not in rest and rest[-1] != ":") or _key_split(rest) is None:
                items.append(self.value_on_line(rest, col))
            else:  # ``- key: value`` opens a mapping at the key's column
                self.contents[self.i] = rest
                self.cols[self.i] = item_col = column + len(content) - len(rest)
                items.append(self.mapping(item_col))

    def value_on_line(self, first: str, indent: int):
        """A scalar (or empty flow collection) starting with ``first`` on line ``i``, in a
        collection at column ``indent``; lines after it belong to it while they are blank or
        indented deeper."""
        if first[0] in _INDICATORS and not (first[0] in "-?:" and first[1:2] not in ("", " ")):
            return self._not_plain(first, indent)  # '-Myc', '?x', ':Rap1a' are plain scalars
        if first[-1] == " ":
            first = first.rstrip(" ")
        if ": " in first or " #" in first or first[-1] == ":":
            raise _Decline
        contents, j = self.contents, self.i + 1
        while not contents[j]:
            j += 1
        if self.cols[j] > indent:
            return self._plain_lines(first, indent)
        self.i += 1  # the common case: one line
        return first

    def _not_plain(self, first: str, indent: int):
        if first[0] == "'":
            return self._single_quoted(first, indent)
        if first[0] == '"':
            return self._double_quoted(first)
        if first.rstrip(" ") in ("[]", "{}"):  # e.g. ``annotations: []``
            self.i += 1
            return [] if first[0] == "[" else {}
        raise _Decline

    def _continuation(self, indent: int) -> list[str]:
        """The deeper-indented lines after line ``i`` ('' for blank ones), ending on the last
        non-blank one; ``i`` moves past them."""
        contents, cols = self.contents, self.cols
        end, j = self.i, self.i + 1
        while not contents[j] or cols[j] > indent:
            if contents[j]:
                end = j
            j += 1
        pieces = contents[self.i + 1 : end + 1]
        self.i = end + 1
        return pieces

    def _plain_lines(self, first: str, indent: int) -> str:
        return _folded(first, [_plain_part(p) if p else p for p in self._continuation(indent)])

    def _double_quoted(self, first: str) -> str:
        match = _DOUBLE_QUOTED.match(first)
        if not match:
            raise _Decline  # escapes, a second line or more after the closing quote
        self.i += 1
        return match.group(1)

    def _single_quoted(self, first: str, indent: int) -> str:
        match = _QUOTED.match(first)
        if match:
            if first[match.end() :].strip(" "):
                raise _Decline  # a comment or more after the closing quote
            self.i += 1
            return match.group(1).replace("''", "'")
        opened = first[1:]
        pieces = self._continuation(indent)
        for n, piece in enumerate(pieces):
            match = _QUOTED_OPEN.match(piece)
            if match.end() < len(piece):  # the closing quote
                if piece[match.end() + 1 :].strip(" ") or n + 1 < len(pieces):
                    raise _Decline
                last = piece[: match.end()]
                middle = [p.strip(" ") for p in pieces[:n]]
                return _folded(opened.rstrip(" "), middle + [last], closing=True).replace("''", "'")
        raise _Decline  # no closing quote


def _plain_part(piece: str) -> str:
    """One line of a plain scalar, declined where a comment or ``key:`` could start."""
    piece = piece.rstrip(" ")
    if ": " in piece or piece.endswith(":") or " #" in piece or piece.startswith("#"):
        raise _Decline
    return piece


def _folded(first: str, pieces: list[str], closing: bool = False) -> str:
    """YAML line folding of a scalar's lines ('' for blank ones): one line break is a space,
    each blank line a newline. ``closing``: the last piece is a quoted scalar's closing line,
    which is joined even when it is empty."""
    parts, breaks = [first], 0
    for n, piece in enumerate(pieces):
        if not piece and not (closing and n == len(pieces) - 1):
            breaks += 1
            continue
        parts.append("\n" * breaks if breaks else " ")
        parts.append(piece)
        breaks = 0
    return "".join(parts)


def _key_split(content: str) -> tuple[str, str] | None:
    """``(key, rest of the line)`` when the line starts with an implicit ``key:``."""
    if content[0] == "'":
        match = _QUOTED.match(content)
        after = content[match.end() :] if match else ""
        if after == ":" or after.startswith(": "):
            return match.group(1).replace("''", "'"), after[2:].lstrip(" ")
        return None
    if content[0] in _INDICATORS:
        return None
    end = content.find(": ")
    if end < 0:
        if not content.endswith(":"):
            return None
        end = len(content) - 1
    key = content[:end]
    if key.endswith(" ") or " #" in key or len(key) > _MAX_KEY:
        return None
    return key, content[end + 2 :].lstrip(" ")


_FAST_MAX_CHARS = 1_000_000  # real front matter is a few kB: a giant one (hostile) goes straight to the full loader


def _has_unhandled_chars(yaml_text: str) -> bool:
    """Whether ``_UNHANDLED_CHARS`` finds one. Each of them is a control, format, separator,
    surrogate or unassigned character, none of which is printable: a printable text (most
    are; the line breaks aside) holds none, and ``isprintable`` tells it faster than the class."""
    return not yaml_text.replace("\n", "").isprintable() and _UNHANDLED_CHARS.search(yaml_text) is not None


def fast_front_matter(yaml_text: str) -> dict | None:
    """The front matter as the full loader reads it, or None where the fast reader declines."""
    if len(yaml_text) > _FAST_MAX_CHARS or _has_unhandled_chars(yaml_text):
        return None
    try:
        return _FastFrontMatter(yaml_text).document()
    except _Decline:
        return None
