"""Does a sentence rest on the comments? Content-word overlap after normalisation.

A claim's content words are its words folded (lower case, no accents), without stop words,
without the words any summary frames its points with ("teamgenoten", "feedback", "gemiddeld",
"verbeteren", "next step": `FRAME_WORDS`) and without words shorter than three letters. Two
words match when they are equal or share a stem: a common beginning of at least five letters,
or of four when the shorter word has at most six ("plannen"/"planning", "werkt"/"werken",
"deadline"/"deadlines"). A claim is supported when at least one of its content words matches a
word of its sources and at least `MIN_SHARE` of them do. A sentence with no content word left
("Je teamgenoten zijn positief.") makes no claim and needs no source.

This is deliberately simple, so a teacher can follow why a point was refused: it accepts a
paraphrase that keeps one key word of the comment ("Je helpt anderen graag" from "helpt
iedereen en denkt altijd mee") and refuses a point that shares none ("Je verdient een tien" on
comments about planning). Synonyms without a shared stem ("hulp" for "helpt") are refused: the
stricter retry asks the model to stay closer to the words of the comments. Its rejection
rates on the golden set are in docs/summary-content.md.
"""

import re
from collections.abc import Iterable

from teameval.llm.text import STOPWORDS_EN, STOPWORDS_NL, words
from teameval.privacy.text import wordset

MIN_SHARE = 0.25
FRAME_WORDS = wordset(
    """teamgenoot teamgenoten teamgenote team groep groepje feedback samenvatting leerling
    punt punten puntje stap stappen actie volgende concreet concrete komende tijd week weken
    periode vinden vindt vond zeggen zegt schrijven schrijft schreven noemen noemt merken
    merkt opmerking opmerkingen waarderen waardeert gemiddeld gemiddelde score scores
    beoordelen beoordelen beoordeeld beoordeling hoger lager hoog laag positief positieve
    kritisch kritische verbeteren verbetering verbeterpunt verbeterpunten groeien ruimte
    aandacht proberen probeer kies kiezen spreek afspreken afspraak jezelf zelf eigen andere
    anderen iets vaak soms altijd graag echt heel erg zeer goed goede beter sterk sterke
    sterkste sterkere zwak zwakke zwakste werk werken doen deed gedaan blijf blijven kunnen
    kun mag moet zouden mogen willen wil daarbij daarnaast verder bovendien helaas vooral
    teammates teammate group summary student point points step steps action next concrete
    coming weeks week period find finds found say says write writes wrote mention mentions
    notice notices remark remarks value values average scores score rate rated rating
    higher lower high low positive critical improve improvement improving grow room
    attention try choose agree yourself own other others something often sometimes always
    really very well good better strong stronger strongest weak weaker weakest work working
    keep could might must also however especially
    hen hun zij they them their one ones manier manieren way ways
    kreeg krijgt krijg kregen gaf gaven geef geeft geven gegeven schaal scoor scoort scoren
    hoogst hoogste laagst laagste hogere lagere ligt liggen meeste minder verschil verschillen
    vraag vragen vraagt tijdje daarover waar vandaan komt komen loont hebt heeft beeld inbreng
    realistisch dicht steeds ruim voldoende lees lezen resultaten resultaat alle alleen
    toelichting opmerkingen cijfers gebaseerd criteria criterium ongeveer even schriftelijke
    strenger milder aandachtspunt aandachtspunten beste best vertrouwen verbeterpunt
    received receive gave give gives given scale highest lowest difference differences ask
    asking asked pick while whether worth comes come where picture based numbers alone add
    zien ziet zag see sees saw onderdeel onderdelen gelijk gelijke beoordeel beoordeelt
    equal equally part parts
    tevreden ontevreden blij trots belangrijk belangrijke belangrijkste grootste groot grote
    kans kansen werkpunt werkpunten leerpunt leerpunten sterkte sterktes zwakte zwaktes
    uitdaging compliment complimenten waardering redelijk matig prima uitstekend enige
    satisfied happy pleased proud important main biggest big chance chances opportunity
    challenge praise fine reasonable excellent only
    paar enkele sommige aantal few several some number
    comments comment same criterion criteria stricter milder though still confidence rate
    rates read results result written feedback"""
)
# Imperatives an advising sentence starts with.
ADVICE_VERBS = wordset(
    """kies probeer plan plan spreek maak zet vraag neem houd hou begin blijf let zorg denk oefen
    stel leg gebruik werk bespreek deel schrijf lees oefen geef check controleer vertel meld
    choose try plan agree make set ask take keep start stay mind make sure think practise
    practice use work discuss share write read give check pick"""
)
_ADVICE_MARKERS = (
    "volgende stap",
    "komende weken",
    "komende tijd",
    "komende periode",
    "voortaan",
    "next step",
    "coming weeks",
    "from now on",
)
_IGNORED = STOPWORDS_NL | STOPWORDS_EN | FRAME_WORDS


def is_advice(sentence: str) -> bool:
    """A sentence that advises rather than reports ("Kies een vast moment...", "As a next step,
    ..."): it makes no claim about what the comments say, like the answer's action."""
    # An imperative opens the sentence or a clause of it ("Before handing in, read ...").
    if any(w[:1] and w[0] in ADVICE_VERBS for w in map(words, re.split(r"[,;:]", sentence))):
        return True
    text = " ".join(words(sentence))
    return any(marker in text for marker in _ADVICE_MARKERS)


def content_words(text: str, ignore: Iterable[str] = ()) -> list[str]:
    """The words of `text` that carry its content (see the module docstring), folded."""
    skip = _IGNORED | frozenset(ignore)
    return [w for w in words(text) if len(w) >= 3 and w not in skip]


def same_stem(a: str, b: str) -> bool:
    """Equal, sharing a beginning of five letters (four when the shorter has at most six), or
    the one ending in the other (of four letters or more)."""
    if a == b:
        return True
    shared = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared += 1
    if shared >= 5 or (shared >= 4 and min(len(a), len(b)) <= 6):
        return True
    # Dutch compounds and separable verbs: "meedenkt" holds "denkt", "groepsopdracht" "opdracht".
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and long.endswith(short)


def support(claim: str, sources: Iterable[str], ignore: Iterable[str] = ()) -> float | None:
    """The share of the claim's content words found in `sources`; None when it claims nothing."""
    claimed = content_words(claim, ignore)
    if not claimed:
        return None
    vocabulary = {w for source in sources for w in words(source) if len(w) >= 3}
    found = sum(any(same_stem(w, v) for v in vocabulary) for w in claimed)
    return found / len(claimed)


def is_supported(claim: str, sources: Iterable[str], ignore: Iterable[str] = ()) -> bool:
    """Does `claim` rest on `sources` (one matched content word and at least MIN_SHARE)?"""
    share = support(claim, sources, ignore)
    return share is None or (share > 0 and share >= MIN_SHARE)
