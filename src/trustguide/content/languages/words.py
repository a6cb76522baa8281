"""Other forms of a language's words, for its search index: the parts of compounds and the words without accents.

German joins words: a reader types "Puls" for the "Team-Vertrauenspuls" and "Teamcoaching" for the team coaching
page. The parts come from CharSplit's n-gram model (the split-words package, MIT), which proposes where a compound
splits; the guide keeps a proposal only where its own text holds the parts as words, or where the model is sure:
the model proposes, the corpus confirms, so "Schweigepfl|icht" never becomes a part. French and Spanish readers
often type without accents ("confidentialite"). Readers never see these forms: the index keeps them in fields of
their own (trustguide.output.search.forms).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection
from pathlib import Path

from trustguide.core.memo import read_kept, write_kept

MIN_COMPOUND = 7  # shorter words are not split
MIN_PART = 4  # a shorter part is mostly a particle the model cuts off ("bei|spielen", "her|vorgebracht")
SURE = 0.6  # CharSplit's score above which a compound's split stands with a part the corpus lacks ("Puls"); a
# part is split again only where the corpus holds both of its parts ("protokolle" stays whole)
PROPOSALS = 3  # the model's best splits looked at, best first
_LINKS = ("s", "es", "n", "en")  # German linking elements ("Vertrauens|kluft"): a part is also tried without them


def without_accents(word: str) -> str:
    """The word with its accents and other combining marks dropped ("confidentialité" -> "confidentialite")."""
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


class Decompounder:
    """Compounds' parts, confirmed by a vocabulary; the model's proposals are kept in `cache` between builds (the
    model loads 40 MB of n-grams in about 4 seconds: a build whose words were all seen before does not load it)."""

    def __init__(self, cache: Path | None = None) -> None:
        self.cache = cache
        self.key = f"split-words|{_model_version()}|{PROPOSALS}"
        self.proposals: dict[str, list[tuple[float, str, str]]] = read_kept(cache, self.key, _proposals_of)
        self.changed = False
        self._splitter = None

    def parts(self, word: str, vocabulary: Collection[str], depth: int = 0) -> list[str]:
        """The parts of `word` (lower case), each part split again; [] for a word that is no compound."""
        if len(word) < MIN_COMPOUND or depth > 3 or not word.isalpha():
            return []
        for score, body, head in self._proposed(word):
            if len(head) < MIN_PART or len(body) < MIN_PART:
                continue
            first = _known(body, vocabulary)
            if (head in vocabulary and first is not None) or (score >= SURE and depth == 0):
                first = first or body
                found = [first, head]
                for part in (first, head):
                    found += [p for p in self.parts(part, vocabulary, depth + 1) if p not in found]
                return found
        return []

    def save(self) -> None:
        if self.changed and self.cache is not None:
            write_kept(self.cache, self.key, self.proposals)
            self.changed = False

    def _proposed(self, word: str) -> list[tuple[float, str, str]]:
        kept = self.proposals.get(word)
        if kept is None:
            if self._splitter is None:
                from split_words import Splitter

                self._splitter = Splitter()
            kept = [(float(score), body.lower(), head.lower())
                    for score, body, head in self._splitter.split_compound(word)[:PROPOSALS]]
            self.proposals[word] = kept
            self.changed = True
        return kept


def _known(body: str, vocabulary: Collection[str]) -> str | None:
    """The first part as the corpus writes it: as split, or without its linking element ("vertrauens")."""
    if body in vocabulary:
        return body
    return next((body[: -len(link)] for link in _LINKS
                 if body.endswith(link) and len(body) - len(link) >= MIN_PART and body[: -len(link)] in vocabulary),
                None)


def _model_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("split-words")
    except PackageNotFoundError:
        return ""


def _proposals_of(item: object) -> list[tuple[float, str, str]]:
    if not isinstance(item, list):
        raise ValueError("a damaged proposal")
    return [(float(score), str(body), str(head)) for score, body, head in item]
