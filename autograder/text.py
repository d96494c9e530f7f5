"""Text the report shows: student text made inert, display width, wrapping.

Whatever a submission controls (exception messages, output, reprs, file
names) goes through :func:`escape` before it is stored or shown, and its
second and later lines through :func:`quote`, so it can neither break the
report's encoding nor pass for a line the grader wrote.
"""

import unicodedata

#: what starts every continuation line of text a student controls
QUOTE = "| "

#: categories shown as escapes: controls, format characters (bidi controls,
#: zero-width characters), surrogates, private use, unassigned, and the
#: line and paragraph separators U+2028 / U+2029
_INERT = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _escaped(ch):
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def escape(text, *, newlines=False):
    """``text`` with every control, format or separator character shown as an escape.

    Parameters
    ----------
    text : str
        Any string, lone surrogates included.
    newlines : bool
        Keep ``"\\n"`` as a line break (``"\\r\\n"`` counts as one) instead of
        escaping it.

    Returns
    -------
    str
        Text that encodes as UTF-8, moves no cursor, reorders nothing on
        screen and breaks lines only at the ``"\\n"`` kept.
    """
    text = str(text)
    if text.isprintable():
        return text
    if newlines:
        text = text.replace("\r\n", "\n")
    out = []
    for ch in text:
        if ch == "\n" and newlines:
            out.append(ch)
        elif unicodedata.category(ch) in _INERT:
            out.append(_escaped(ch))
        else:
            out.append(ch)
    return "".join(out)


def quote(text):
    """The lines of a message that may hold student text: the first as is, the rest quoted.

    A message starts with the grader's words (``"importing softmax.py raised
    RuntimeError: ..."``); what follows its first line may be the student's,
    so it is marked with :data:`QUOTE` and can never look like a line of the
    report (a check line, a table row, the score).
    """
    first, *rest = escape(text, newlines=True).split("\n")
    return [first] + [QUOTE + line for line in rest]


def width(text):
    """Columns ``text`` takes in a terminal: wide (CJK) characters 2, combining marks 0."""
    total = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return total


def pad(text, columns, *, right=False):
    """``text`` padded with spaces to ``columns`` display columns."""
    space = " " * max(0, columns - width(text))
    return space + text if right else text + space


#: punctuation that may not start a line (it stays with the character before)
_NO_LINE_START = set("，。、：；！？）」』》〉,.;:!?)]}%")


def _tokens(text):
    """Words, wide characters (each breakable) and runs of spaces."""
    tokens, word = [], ""
    for ch in text:
        if ch == " ":
            if word:
                tokens.append(word)
                word = ""
            if tokens and tokens[-1].isspace():
                tokens[-1] += ch
            else:
                tokens.append(ch)
        elif unicodedata.east_asian_width(ch) in "WF" and ch not in _NO_LINE_START:
            if word:
                tokens.append(word)
            word = ch
        elif ch in _NO_LINE_START and not word and tokens and not tokens[-1].isspace():
            tokens[-1] += ch
        else:
            if word and unicodedata.east_asian_width(word[-1]) in "WF" \
                    and word[-1] not in _NO_LINE_START and ch not in _NO_LINE_START:
                tokens.append(word)
                word = ""
            word += ch
    if word:
        tokens.append(word)
    return tokens


def wrap(text, columns=76, *, indent=""):
    """``text`` broken into lines of at most ``columns`` display columns.

    Lines break at spaces and between CJK characters, never inside a word
    (``log-sum-exp`` stays whole; a word longer than a line gets a line of its
    own), and never before closing punctuation.  Later lines start with
    ``indent``.
    """
    lines, line = [], ""
    for token in _tokens(text):
        if token.isspace():
            if line:
                line += token
            continue
        if line and width(line.rstrip() + token) > columns:
            lines.append(line.rstrip())
            line = indent
        line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]
