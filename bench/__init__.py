"""Benchmarks: ``make bench`` (``python -m bench [name ...]``).

Each module here has a ``main()`` that sets up its own data, measures, and
prints its figures. They are not tests: they report, they don't assert.
"""
