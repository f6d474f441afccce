"""Writes: a learner's progress."""

from .models import ModuleCompletion, ModulePage


def module_progress_mark(*, user, module: ModulePage, done: bool) -> None:
    """Mark ``module`` done (or not done) for ``user``; marking twice is harmless."""
    if done:
        ModuleCompletion.objects.get_or_create(user=user, module=module)
    else:
        ModuleCompletion.objects.filter(user=user, module=module).delete()
