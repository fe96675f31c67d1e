"""How common a word is in Dutch or English: what tells a name part from an everyday word.

The frequencies come from wordfreq (its word lists ship inside the package, so this works
offline), on the Zipf scale: 6 is a word used once per thousand words, 3 once per million. A
word's frequency is the higher of its Dutch and English one, as comments in a Dutch class
borrow English words and the other way round.

The thresholds, and why (docs/summary-content.md has the measured effect):
- COMMON (4.0, roughly the 15,000 most used words): a surname this common ("meer", "laat",
  "bakker", "visser", "boer") is replaced only where it stands as a name. The lists count names
  too, so the most frequent surnames ("jansen", "vries") are above it as well; written alone in
  lower case they are left, which is the price of never erasing "meer" or "de boer op".
- VERY_COMMON (5.0, the 2,000 or so most used): such a surname is read as the word where its
  capital only says that a sentence starts ("Meer inzet graag") and after a first name in lower
  case ("Bram meer laten doen").
- FIRST_NAME_WORD (5.3, about the 1,500 most used): a first name this common ("ben",
  "will", "hope") is a name only when capitalised; every other first name ("jan", "sanne") is
  replaced in any case, because students write each other's first names in lower case.
"""

import functools

from wordfreq import zipf_frequency

COMMON = 4.0
VERY_COMMON = 5.0
FIRST_NAME_WORD = 5.3
_LANGUAGES = ("nl", "en")


@functools.lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """The Zipf frequency of the (folded) `word` in Dutch or English, whichever is higher."""
    # The small lists hold every word at or above Zipf 3, which is all the thresholds need.
    return max(zipf_frequency(word, lang, wordlist="small") for lang in _LANGUAGES)


def is_common(word: str) -> bool:
    """Is `word` an everyday word, one that a surname must be in name position to replace?"""
    return zipf(word) >= COMMON


def is_very_common(word: str) -> bool:
    """Is `word` among the most used words (see the module docstring)?"""
    return zipf(word) >= VERY_COMMON


def is_first_name_word(word: str) -> bool:
    """Is a first name `word` so common a word that only its capital makes it a name?"""
    return zipf(word) >= FIRST_NAME_WORD
