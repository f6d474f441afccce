"""Signals branches sends for the apps above it to hear.

``branches`` never imports those apps (packs, for one, is above it): they
connect to these signals instead.
"""

from django.dispatch import Signal

# The people a branch's sessions name on paper may have changed: a member was
# erased, or a register was saved or closed. Sent inside the change's
# transaction with ``branch_id`` and ``session_ids`` (None: every session of
# the branch). packs/signals.py replaces the packs that named them.
people_listed_changed = Signal()
