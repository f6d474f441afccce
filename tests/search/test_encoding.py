"""Filter values become terms whose byte order is the values' order."""

from hypothesis import example, given
from hypothesis import strategies as st

from whoosh_modelsearch.documents import encode, encode_many

ids = st.integers(min_value=-(2**63), max_value=2**63 - 1)


@given(st.lists(ids | st.none() | st.text(max_size=5), max_size=40))
@example([0, -1, 10**17 - 1, 10**17, 2**63 - 1, -(2**63), True])
def test_encode_many_encodes_each_value_as_encode_does(values):
    assert encode_many(values) == {encode(v) for v in values if v is not None}


@given(ids, ids)
def test_integer_terms_sort_as_the_integers_do(a, b):
    assert (encode(a) < encode(b)) == (a < b)
    assert encode_many([a, b]) == {encode(a), encode(b)}
