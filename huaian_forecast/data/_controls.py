r"""The one definition of a character no text may carry unseen: controls, invisible marks.

Three places handle such characters, each its own way, all from this table:

- the loaders (:mod:`huaian_forecast.data._values`) refuse them in identifiers (region,
  indicator, unit, kind, year ...) and remove them from free text (source, quote),
  keeping tab, newline and carriage return there; the zero-width ones
  (:data:`ZERO_WIDTH_CHARS`) are removed silently from every cell first;
- the report (``report``'s ``clean_text``) removes them from every text it writes,
  keeping tab and newline;
- the command line (``cli``'s error lines) shows them as ``\uXXXX``, leaving tab and
  newline to its line folding.

A character is a control here if it is

- a C0 control (U+0000-U+001F), DEL (U+007F) or a C1 control (U+0080-U+009F): Unicode
  category ``Cc``; they move a terminal's cursor, start escape sequences, end C strings;
- a surrogate (U+D800-U+DFFF, category ``Cs``): not a character; it reaches a ``str``
  only from undecodable bytes (a file name on the command line) and cannot be written
  as UTF-8;
- one of :data:`INVISIBLE_CHARS`: invisible, or reordering what a reader sees.

Left out on purpose (visible, or harmless in these tables' text; revisit if a planner's
file shows one): the soft hyphen U+00AD, variation selectors, the deprecated format
characters U+206A-U+206F and the tag characters U+E0000-U+E007F.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["CONTROL_CHARS", "INVISIBLE_CHARS", "ZERO_WIDTH_CHARS", "control_pattern",
           "is_control"]

#: Invisible or text-reordering characters beyond the C0/C1 controls: character -> name.
INVISIBLE_CHARS: Mapping[str, str] = MappingProxyType({
    # bidirectional marks, embeddings, overrides and isolates: they reorder what a reader
    # sees (U+202E shows the rest of a line backwards: "Huai'an" can display as anything)
    "\u061c": "ARABIC LETTER MARK",
    "\u200e": "LEFT-TO-RIGHT MARK",
    "\u200f": "RIGHT-TO-LEFT MARK",
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
    # zero-width: two texts that differ only by one look the same (a pasted web page,
    # a BOM in the middle of a file). Chinese and English text never needs the joiners.
    "\u200b": "ZERO WIDTH SPACE",
    "\u200c": "ZERO WIDTH NON-JOINER",
    "\u200d": "ZERO WIDTH JOINER",
    "\u2060": "WORD JOINER",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE (byte-order mark)",
    # line and paragraph separators: a line break that line-based tools (a terminal
    # message, a Markdown table row, a CSV reader) do not see as one
    "\u2028": "LINE SEPARATOR",
    "\u2029": "PARAGRAPH SEPARATOR",
    # interlinear annotation: hides the text between the anchor and the terminator
    "\ufff9": "INTERLINEAR ANNOTATION ANCHOR",
    "\ufffa": "INTERLINEAR ANNOTATION SEPARATOR",
    "\ufffb": "INTERLINEAR ANNOTATION TERMINATOR",
    # noncharacters: not text at all (a byte-swapped BOM is U+FFFE); XML 1.0, hence a
    # workbook, cannot hold them
    "\ufffe": "noncharacter U+FFFE",
    "\uffff": "noncharacter U+FFFF",
})
#: The zero-width characters of :data:`INVISIBLE_CHARS`: the loaders remove these
#: silently from every cell (a documented normalisation) instead of refusing them.
ZERO_WIDTH_CHARS: frozenset[str] = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_C0_C1 = frozenset(chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)))
#: Every control character as one set, except the 2,048 surrogates (a rule, not a list):
#: the C0 and C1 controls, DEL and :data:`INVISIBLE_CHARS`.
CONTROL_CHARS: frozenset[str] = _C0_C1 | frozenset(INVISIBLE_CHARS)


def is_control(ch: str, *, keep: str = "") -> bool:
    r"""Whether the character ``ch`` is a control here (and not one of ``keep``).

    Examples
    --------
    >>> is_control("\u202e"), is_control("\t"), is_control("\t", keep="\t\n")
    (True, True, False)
    >>> is_control("淮")
    False
    """
    if ch in keep:
        return False
    return ch in CONTROL_CHARS or unicodedata.category(ch) == "Cs"


def control_pattern(*, keep: str = "") -> re.Pattern[str]:
    r"""Return a regular expression matching one control character not in ``keep``.

    Each use states its exceptions: the report keeps tab and newline, the command line
    leaves them to its line folding, free text in the loaders keeps CR too.

    Examples
    --------
    >>> control_pattern(keep="\t\n").sub("", "a\tb\x1b[31m\u202ec\r\n")
    'a\tb[31mc\n'
    """
    codes = sorted(ord(c) for c in CONTROL_CHARS if c not in keep)
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    parts = [_escape(a) if a == b else f"{_escape(a)}-{_escape(b)}" for a, b in ranges]
    return re.compile("[" + "".join(parts) + "\\ud800-\\udfff]")


def _escape(code: int) -> str:
    return f"\\u{code:04x}"
