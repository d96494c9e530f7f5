"""Similarity screening: pairs of submissions whose code is nearly identical.

copydetect normalises each file (identifiers, literals and comments do not
count), fingerprints it by winnowing k-grams of tokens, and drops the
fingerprints of the handout's stub file (the code every student starts
from).  A pair's similarity is the smaller of the two shares of each file's
code found in the other: 1 for copies, however renamed and re-commented;
low for two files written independently.  Pairs at or above the threshold
are flagged for the instructor, with a side-by-side view; never penalised.
"""

import io
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

DEFAULT_THRESHOLD = 0.9
#: tokens per k-gram, and the window that guarantees matches of this many tokens
NOISE_TOKENS, GUARANTEE_TOKENS = 25, 30
STUBS = Path(__file__).resolve().parents[2] / "assignment" / "softmax.py"
MARK_START, MARK_END = '<mark>', '</mark>'


@dataclass
class Pair:
    """Two submissions flagged as nearly identical.

    Attributes
    ----------
    first, second : str
        Their gradebook ``file`` names (sorted).
    similarity : float
        The smaller of the two shares of code found in the other file (0 to 1).
    first_html, second_html : str
        Each file's code, HTML-escaped, the shared parts in ``<mark>``.
    """

    first: str
    second: str
    similarity: float
    first_html: str
    second_html: str


def _fingerprint(text, boilerplate):
    from copydetect import CodeFingerprint

    return CodeFingerprint("softmax.py", NOISE_TOKENS, GUARANTEE_TOKENS - NOISE_TOKENS + 1,
                           boilerplate=boilerplate, fp=io.StringIO(text))


def similar_pairs(records, threshold=DEFAULT_THRESHOLD, stubs=STUBS):
    """Flagged :class:`Pair` of ``records`` (those with a file), most similar first."""
    import numpy as np
    from copydetect import compare_files
    from copydetect.utils import highlight_overlap

    try:
        boilerplate = _fingerprint(Path(stubs).read_text(encoding="utf-8"), None).hashes
    except OSError:
        boilerplate = []
    prints = {}
    for r in records:
        if r.source and r.digest not in prints:
            text = r.source.decode("utf-8", "replace")
            prints[r.digest] = _fingerprint(text, list(boilerplate))
    pairs = []
    candidates = [r for r in records if r.digest in prints]
    for a, b in combinations(candidates, 2):
        one, two = prints[a.digest], prints[b.digest]
        _, shares, slices = compare_files(one, two)
        similarity = float(min(shares))
        if similarity < threshold or not one.token_coverage or not two.token_coverage:
            continue
        views = [highlight_overlap(fp.raw_code, np.asarray(s), MARK_START, MARK_END,
                                   escape_html=True)[0] for fp, s in zip((one, two), slices)]
        (first, first_html), (second, second_html) = sorted(zip((a.file, b.file), views))
        pairs.append(Pair(first, second, round(similarity, 3), first_html, second_html))
    return sorted(pairs, key=lambda p: (-p.similarity, p.first, p.second))
