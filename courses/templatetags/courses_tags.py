from django import template

from courses.selectors import learner_courses

register = template.Library()


@register.inclusion_tag("courses/includes/continue_learning.html", takes_context=True)
def continue_learning(context):
    """'Pick up where you left off' for a logged-in learner's unfinished courses."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"courses": []}
    return {"courses": [p for p in learner_courses(user=user) if not p.finished][:3]}
