"""The anonymiser measured on tests/data/anonymiser_corpus.yaml (markup explained there).

`python -m tests.privacy.corpus` prints the figures and every miss and false replacement;
tests/privacy/test_corpus.py holds the anonymiser to its targets.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from teameval.privacy.anonymise import Anonymiser

CORPUS = Path(__file__).parents[1] / "data" / "anonymiser_corpus.yaml"
_MARK = re.compile(r"\[\[(.+?)\]\]|<<(.+?)>>|\{\{(.+?)\}\}|\(\((.+?)\)\)")
_WORD = re.compile(r"[^\W_]+")
NAME, CONTACT, EVERYDAY, NICKNAME = "name", "contact", "everyday", "nickname"


@dataclass(frozen=True)
class Sentence:
    """One corpus sentence: its plain text and the marked spans, (start, end, kind)."""

    language: str
    roster: tuple[str, ...]
    text: str
    marks: tuple[tuple[int, int, str], ...]


def parse(marked: str, language: str, roster: tuple[str, ...]) -> Sentence:
    """The plain sentence and its marks."""
    plain, marks, pos = [], [], 0
    length = 0
    for m in _MARK.finditer(marked):
        plain.append(marked[pos : m.start()])
        length += m.start() - pos
        kind = (NAME, CONTACT, EVERYDAY, NICKNAME)[next(i for i, g in enumerate(m.groups()) if g)]
        inner = next(g for g in m.groups() if g)
        marks.append((length, length + len(inner), kind))
        plain.append(inner)
        length += len(inner)
        pos = m.end()
    plain.append(marked[pos:])
    return Sentence(language, roster, "".join(plain), tuple(marks))


def load() -> list[Sentence]:
    """Every sentence of the corpus."""
    data: dict[str, Any] = yaml.safe_load(CORPUS.read_text("utf-8"))
    return [
        parse(text, block["language"], tuple(data["rosters"][block["roster"]]))
        for block in data["sets"]
        for text in block["texts"]
    ]


@dataclass
class Figures:
    """What the anonymiser did to the corpus."""

    sentences: dict[str, int] = field(default_factory=dict)
    mentions: int = 0
    missed: list[str] = field(default_factory=list)
    contacts: int = 0
    contacts_missed: list[str] = field(default_factory=list)
    everyday: int = 0
    everyday_replaced: list[str] = field(default_factory=list)
    other_words: int = 0
    other_replaced: list[str] = field(default_factory=list)
    nicknames: int = 0
    nicknames_replaced: int = 0

    @property
    def everyday_rate(self) -> float:
        """The share of everyday words (name parts in running text) that were replaced."""
        return len(self.everyday_replaced) / max(self.everyday, 1)

    @property
    def all_words_rate(self) -> float:
        """The share of all words that are not names (everyday words) that were replaced."""
        replaced = len(self.everyday_replaced) + len(self.other_replaced)
        return replaced / max(self.everyday + self.other_words, 1)

    def report(self) -> str:
        """The figures as the docs quote them, then every miss and false replacement."""
        lines = [
            f"sentences: {self.sentences}",
            f"roster names in name position: {self.mentions}, missed {len(self.missed)}",
            f"contact details: {self.contacts}, missed {len(self.contacts_missed)}",
            f"everyday words that are name parts: {self.everyday}, replaced "
            f"{len(self.everyday_replaced)} ({self.everyday_rate:.1%})",
            f"other words: {self.other_words}, replaced {len(self.other_replaced)}",
            f"all everyday words: {self.everyday + self.other_words}, replaced "
            f"{len(self.everyday_replaced) + len(self.other_replaced)} ({self.all_words_rate:.2%})",
            f"nicknames (not handled): {self.nicknames}, replaced {self.nicknames_replaced}",
        ]
        lines += [f"  missed: {m}" for m in self.missed + self.contacts_missed]
        lines += [f"  replaced: {r}" for r in self.everyday_replaced + self.other_replaced]
        return "\n".join(lines)


def _covered(start: int, end: int, spans: list[tuple[int, int, str]]) -> bool:
    """Is every letter of [start, end) inside a replaced span?"""
    return all(any(s <= i < e for s, e, _ in spans) for i in range(start, end))


def measure(sentences: list[Sentence]) -> Figures:
    """Run the anonymiser over `sentences` and count what it got right and wrong."""
    figures = Figures()
    for sentence in sentences:
        lang, text = sentence.language, sentence.text
        figures.sentences[lang] = figures.sentences.get(lang, 0) + 1
        spans = Anonymiser(sentence.roster, lang).spans(text)
        shown = Anonymiser(sentence.roster, lang).text(text)
        for start, end, kind in sentence.marks:
            covered = _covered(start, end, spans)
            where = f"{text[start:end]!r} in {text!r} -> {shown!r}"
            if kind == NAME:
                figures.mentions += 1
                if not covered:
                    figures.missed.append(where)
            elif kind == CONTACT:
                figures.contacts += 1
                if not covered:
                    figures.contacts_missed.append(where)
            elif kind == EVERYDAY:
                figures.everyday += 1
                if any(s < end and e > start for s, e, _ in spans):
                    figures.everyday_replaced.append(where)
            else:
                figures.nicknames += 1
                figures.nicknames_replaced += covered
        for word in _WORD.finditer(text):
            if any(s < word.end() and e > word.start() for s, e, _ in sentence.marks):
                continue
            figures.other_words += 1
            if any(s < word.end() and e > word.start() for s, e, _ in spans):
                figures.other_replaced.append(f"{word.group(0)!r} in {text!r} -> {shown!r}")
    return figures


if __name__ == "__main__":
    corpus = load()
    print(measure(corpus).report())
    for language in sorted({s.language for s in corpus}, reverse=True):
        part = measure([s for s in corpus if s.language == language])
        replaced = len(part.everyday_replaced) + len(part.other_replaced)
        print(
            f"{language}: names {part.mentions} (missed {len(part.missed)}), contacts "
            f"{part.contacts} (missed {len(part.contacts_missed)}), everyday words that are "
            f"name parts {part.everyday} (replaced {len(part.everyday_replaced)}), all everyday "
            f"words {part.everyday + part.other_words} (replaced {replaced}, "
            f"{part.all_words_rate:.2%})"
        )
