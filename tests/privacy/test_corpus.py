"""The anonymiser against its targets on the corpus (tests/data/anonymiser_corpus.yaml).

Targets (issue 15): no roster name in name position missed, no contact detail missed, at most
1% of everyday words replaced. The words that are also name parts on the roster ("meer",
"laat", "een berg werk") are the hard part of those; they get a bound of their own, so a change
that starts erasing them fails here even while the overall share stays low.
"""

from tests.privacy.corpus import Figures, load, measure

HARD_WORDS_MAX = 0.05


def _figures() -> Figures:
    return measure(load())


def test_the_corpus_is_big_enough() -> None:
    sentences = load()
    assert sum(s.language == "nl" for s in sentences) >= 300
    assert sum(s.language == "en" for s in sentences) >= 50


def test_no_name_in_name_position_and_no_contact_detail_is_missed() -> None:
    figures = _figures()
    assert figures.mentions >= 200 and figures.contacts >= 20
    assert figures.missed == [], figures.report()
    assert figures.contacts_missed == [], figures.report()


def test_at_most_one_percent_of_everyday_words_is_replaced() -> None:
    figures = _figures()
    assert figures.everyday >= 100, figures.report()
    assert figures.all_words_rate <= 0.01, figures.report()
    assert figures.everyday_rate <= HARD_WORDS_MAX, figures.report()


def test_the_measure_counts_misses_and_false_replacements() -> None:
    """The yardstick itself: a sentence the anonymiser gets wrong on purpose is counted."""
    from tests.privacy.corpus import parse

    roster = ("Bram van der Meer", "Sanne Jansen")
    wrong = [
        parse("[[Xander]] en [[Sanne]] deden {{meer}}.", "nl", roster),  # Xander: not on it
        parse("Zie <<evil.xyz>>, [[Bram]] en Jansen.", "nl", ("Bram Jansen",)),
    ]
    figures = measure(wrong)
    assert len(figures.missed) == 1 and "Xander" in figures.missed[0]
    assert len(figures.other_replaced) == 1 and "Jansen" in figures.other_replaced[0]
    assert figures.everyday_replaced == [] and figures.contacts_missed == []
