""" "Did you mean" (whoosh_modelsearch/spelling.py): the nearest indexed word,
read once per segment, and new words found after a write."""

from whoosh_modelsearch.backend import suggest_with
from whoosh_modelsearch.store import IndexStore


def _doc(n: int, text: str) -> dict:
    return {
        "id": f"test.doc:{n}",
        "pk": str(n).encode(),
        "ct": ["test.doc"],
        "spell": text,
    }


def test_nearest_word_wins_then_the_commonest(tmp_path):
    store = IndexStore(tmp_path)
    store.write(
        documents=[
            _doc(1, "organising the branch"),
            _doc(2, "organising a strike"),
            _doc(3, "organism branch"),
            _doc(4, "strikes and strife"),
            _doc(5, "the strike committee"),
        ]
    )
    # One edit from "organising", two from "organism".
    assert suggest_with(store, "organsing") == "organising"
    # "strike" and "strife" are both one edit from "strire": "strike" is in
    # two documents, "strife" in one.
    assert suggest_with(store, "strire") == "strike"
    # Three edits from anything: left as typed, so nothing to suggest.
    assert suggest_with(store, "revolushun") is None
    assert suggest_with(store, "organising branch") is None


def test_a_word_written_later_is_suggested(tmp_path):
    store = IndexStore(tmp_path)
    store.write(documents=[_doc(1, "tenants union")])
    assert suggest_with(store, "tennants solidarty") == "tenants solidarty"
    store.write(documents=[_doc(2, "solidarity")])
    assert suggest_with(store, "tennants solidarty") == "tenants solidarity"


def test_only_words_of_a_near_length_are_compared(tmp_path):
    """The words compared are those with the typed word's first letter and a
    length within two of it: few, however many words the index holds."""
    from whoosh_modelsearch.spelling import Vocabulary

    store = IndexStore(tmp_path)
    store.write(
        documents=[
            _doc(1, "solidarity solid solidarities sol solidaritylike"),
            _doc(2, "strike"),
        ]
    )
    with store.searcher() as searcher:
        vocabulary = Vocabulary.of(searcher)
        assert sorted(vocabulary.candidates("solidarty")) == [
            "solidarity",  # one longer
        ]
        assert sorted(vocabulary.candidates("solidaritie")) == [
            "solidarities",
            "solidarity",
        ]
    # Nearer than "solidarity" (three edits), two letters longer: found.
    assert suggest_with(store, "solidar") == "solid"
    assert suggest_with(store, "solidarty") == "solidarity"
