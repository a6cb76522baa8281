"""Other forms of the words of a language's search entries, indexed in fields of their own (never shown).

`title_forms` holds the other forms of a title's words, `forms` those of the description, tags and text (each field
weighted in mkdocs.yml): the parts of compounds where the language's record says `decompound: true`, and the words
without accents where it says `fold_accents: true`. A part found in a title weighs like a title's word, so "Puls"
finds the "Team-Vertrauenspuls" first. The other way round, a compound typed into the box ("Teamcoaching") is
searched with its parts too: the index carries each compound of the corpus with its parts (`compounds`), which the
guide's search worker reads.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from trustguide.content.languages import SearchSettings
from trustguide.content.languages.words import Decompounder, without_accents

TITLE_FIELD = "title_forms"
FIELD = "forms"
_TAG = re.compile(r"<[^>]*>")


def words_of(value: object, separator: re.Pattern[str]) -> list[str]:
    """The words of an entry's field as the index splits them, in lower case, markup left out."""
    values = value if isinstance(value, list) else [value]
    words: list[str] = []
    for item in values:
        if isinstance(item, str):
            words += [w for w in separator.split(html.unescape(_TAG.sub(" ", item)).lower()) if w]
    return words


def add_word_forms(docs: list[dict], settings: SearchSettings, separator: str,
                   decompounder: Decompounder | None) -> dict[str, list[str]]:
    """Each entry's other word forms in its own fields, in place; returns the compounds' parts by compound."""
    if not (settings.decompound or settings.fold_accents):
        return {}
    split = re.compile(separator)
    fields = [(words_of(doc.get("title"), split), [w for name in ("description", "tags", "text")
                                                   for w in words_of(doc.get(name), split)]) for doc in docs]
    vocabulary = {word for title, rest in fields for word in (*title, *rest)}
    compounds: dict[str, list[str]] = {}
    if settings.decompound and decompounder is not None:
        for word in sorted(vocabulary):
            parts = decompounder.parts(word, vocabulary)
            if parts:
                compounds[word] = parts
        decompounder.save()

    def forms(words: Iterable[str]) -> list[str]:
        found: dict[str, None] = {}
        for word in words:
            for form in compounds.get(word, ()):
                found[form] = None
            if settings.fold_accents:
                bare = without_accents(word)
                if bare != word:
                    found[bare] = None
                    for part in compounds.get(word, ()):
                        found[without_accents(part)] = None
        return list(found)

    for doc, (title, rest) in zip(docs, fields, strict=True):
        for name, words in ((TITLE_FIELD, title), (FIELD, rest)):
            found = forms(words)
            if found:
                doc[name] = " ".join(found)
            else:
                doc.pop(name, None)
    return compounds
