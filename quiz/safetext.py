"""Text from outside the program made safe to print on a terminal.

Bank text (prompts, choices, titles, tags, file names), what a snippet prints and what a
restored database holds are written by someone else: a control character in them would
reach the terminal as a command (set the window title, write the clipboard, clear the
screen, fake a green "✓ Proved"). This module turns every such character into visible
text; where to call it is the printing code's business. Imports nothing from quiz.
"""

from __future__ import annotations

import re

# C0 controls, DEL and C1 controls (ESC, BEL, CR, backspace, CSI as U+009B, NEL …) and the
# bidi embeddings, overrides and isolates that reorder what follows them on screen.
_UNSAFE_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# The same less tab (\x09) and newline (\x0a).
_UNSAFE_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(text: str, *, multiline: bool = True) -> str:
    r"""`text` with every control character written out as a visible escape.

    The form is Python's: `\xNN` for a C0 or C1 control or DEL (ESC is `\x1b`, BEL `\x07`,
    CR `\x0d`, CSI `\x9b`) and `\uNNNN` for a bidi control (U+202E is `\u202e`). Printable
    text is kept as it is. Newlines and tabs are kept when `multiline`, and written out too
    otherwise (a table cell or a header must stay one line).
    """
    pattern = _UNSAFE_MULTILINE if multiline else _UNSAFE_ONE_LINE
    return pattern.sub(_visible, text)
