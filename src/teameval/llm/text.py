"""Small text tools shared by validation and the extractive summariser: sentences, words,
language detection."""

import re

from teameval.privacy.text import fold, wordset

# Abbreviations whose full stop does not end a sentence.
_ABBREVIATIONS = (
    "bijv.",
    "bv.",
    "o.a.",
    "d.w.z.",
    "m.b.t.",
    "i.p.v.",
    "t.o.v.",
    "evt.",
    "enz.",
    "etc.",
    "e.g.",
    "i.e.",
    "vs.",
    "mr.",
    "dhr.",
    "mevr.",
)
_ABBREVIATION = re.compile(
    r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(_ABBREVIATIONS, key=len, reverse=True))) + ")",
    re.IGNORECASE,
)
_PROTECT = "\u2024"  # ONE DOT LEADER: stands in for the dots of abbreviations while splitting
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+")


_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

STOPWORDS_NL = wordset(
    """aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus
    een en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in
    is ja je jij jou jouw jullie kan kon kunnen maar me meer men met mij mijn moet na naar niet
    niets nog nu of om omdat ons ook op over reeds te tegen toch toen tot u uit uw van veel voor
    want waren was wat we wel werd wezen wie wij wil worden wordt zal ze zei zelf zich zij zijn zo
    zonder zou"""
)
STOPWORDS_EN = wordset(
    """a about after all also an and any are as at be because been but by can could did do does
    for from had has have he her him his how i if in into is it its just me more most my no not
    of on one or our out she should so some than that the their them then there they this to too
    up very was we were what when which who will with would you your yours"""
)
# Words both languages share, useless for telling them apart.
_SHARED = frozenset({"in", "is", "me", "we", "of", "die", "over", "door", "been"})


def words(text: str) -> list[str]:
    """The words of `text`, folded."""
    return _WORD.findall(fold(text))


def split_sentences(text: str) -> list[str]:
    """`text` cut into sentences (line breaks end a sentence too); abbreviations stay whole."""
    protected = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", _PROTECT), text)
    sentences: list[str] = []
    for line in protected.splitlines():
        for part in _SENTENCE_END.split(line.strip()):
            part = part.replace(_PROTECT, ".").strip()
            if part:
                sentences.append(part)
    return sentences


def detect_language(text: str) -> str | None:
    """'nl' or 'en' by counting function words; None when the text is too short to tell."""
    tokens = [w for w in words(text) if w not in _SHARED]
    dutch = sum(w in STOPWORDS_NL for w in tokens)
    english = sum(w in STOPWORDS_EN for w in tokens)
    if dutch + english < 4:
        return None
    if dutch >= 2 * english:
        return "nl"
    if english >= 2 * dutch:
        return "en"
    return None


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-") + "…"
