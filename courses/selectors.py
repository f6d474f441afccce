"""Reads for the course pages and the learner's progress."""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .models import CoursePage, CourseVisit, ModuleCompletion, ModulePage


@dataclass
class CourseProgress:
    course: CoursePage
    module_count: int
    done_ids: set[int] = field(default_factory=set)
    last_module: ModulePage | None = None
    next_module: ModulePage | None = None

    @property
    def done_count(self) -> int:
        return len(self.done_ids)

    @property
    def percent(self) -> int:
        if not self.module_count:
            return 0
        return round(100 * self.done_count / self.module_count)

    @property
    def finished(self) -> bool:
        return self.module_count > 0 and self.done_count >= self.module_count


def course_progress(
    *, user, course: CoursePage, modules: list[ModulePage]
) -> CourseProgress:
    """One learner's progress through one course (empty for anonymous readers)."""
    progress = CourseProgress(course=course, module_count=len(modules))
    if not user.is_authenticated:
        progress.next_module = modules[0] if modules else None
        return progress
    progress.done_ids = set(
        ModuleCompletion.objects.filter(user=user, module__in=modules).values_list(
            "module_id", flat=True
        )
    )
    visit = CourseVisit.objects.filter(user=user, course=course).first()
    by_id = {m.pk: m for m in modules}
    progress.last_module = by_id.get(visit.last_module_id) if visit else None
    progress.next_module = _next_module(
        modules, progress.done_ids, progress.last_module
    )
    return progress


def _next_module(modules, done_ids, last_module):
    """Where to continue: the first unfinished module after the last one read,
    else the first unfinished one, else the last one read."""
    if last_module is not None:
        after = modules[modules.index(last_module) :]
        for module in after:
            if module.pk not in done_ids:
                return module
    for module in modules:
        if module.pk not in done_ids:
            return module
    return last_module or (modules[0] if modules else None)


def module_context(*, request, module: ModulePage) -> dict:
    """Everything a module page shows around its body, in a fixed number of queries."""
    course = module.get_parent().specific
    modules = list(
        ModulePage.objects.child_of(course)
        .live()
        .public()
        .order_by("path")
        .only("id", "title", "slug", "path", "depth", "url_path", "estimated_minutes")
    )
    ids = [m.pk for m in modules]
    position = ids.index(module.pk) if module.pk in ids else None
    previous_module = next_module = None
    if position is not None:
        previous_module = modules[position - 1] if position > 0 else None
        next_module = modules[position + 1] if position + 1 < len(modules) else None
    done_ids: set[int] = set()
    user = request.user
    if user.is_authenticated:
        done_ids = set(
            ModuleCompletion.objects.filter(user=user, module_id__in=ids).values_list(
                "module_id", flat=True
            )
        )
        if getattr(request, "is_preview", False) is False and module.live:
            _record_visit(user=user, course_id=course.pk, module_id=module.pk)
    return {
        "course": course,
        "course_modules": modules,
        "module_position": (position + 1) if position is not None else None,
        "previous_module": previous_module,
        "next_module": next_module,
        "done_ids": done_ids,
        "is_done": module.pk in done_ids,
    }


def _record_visit(*, user, course_id: int, module_id: int) -> None:
    """Remember where the learner is: one UPDATE on every visit after the first."""
    now = timezone.now()
    updated = CourseVisit.objects.filter(user=user, course_id=course_id).update(
        last_module_id=module_id, visited_at=now
    )
    if not updated:
        try:
            with transaction.atomic():
                CourseVisit.objects.create(
                    user=user, course_id=course_id, last_module_id=module_id
                )
        except IntegrityError:  # two tabs at once: the other one created it
            pass


def learner_courses(*, user) -> list[CourseProgress]:
    """The courses a learner has started (visited or completed a module of),
    most recently visited first."""
    visits = {v.course_id: v for v in CourseVisit.objects.filter(user=user)}
    module_paths = ModuleCompletion.objects.filter(user=user).values_list(
        "module__path", flat=True
    )
    course_paths = {path[: -ModulePage.steplen] for path in module_paths}
    courses = CoursePage.objects.live().filter(
        Q(pk__in=visits.keys()) | Q(path__in=course_paths)
    )

    def recency(course):
        visit = visits.get(course.pk)
        return visit.visited_at.timestamp() if visit else 0.0

    return [
        course_progress(user=user, course=course, modules=list(course.modules()))
        for course in sorted(courses, key=recency, reverse=True)
    ]


@dataclass(frozen=True)
class CourseFacts:
    """What a course page says of a course: its sessions (one per live
    module), the time they take in the room and the reading they ask for."""

    sessions: int = 0
    total_minutes: int = 0
    reading_minutes: int = 0


def course_facts(*, modules) -> CourseFacts:
    """The one computation of a course's facts, from its live modules
    (``CoursePage.modules``): a module published or withdrawn counts at once."""
    return CourseFacts(
        sessions=len(modules),
        total_minutes=sum(m.estimated_minutes for m in modules),
        reading_minutes=sum(m.reading_minutes for m in modules),
    )


def courses_facts(*, courses) -> dict[int, CourseFacts]:
    """``course_facts`` of each course, in one query for all of them."""
    if not courses:
        return {}
    by_path = {course.path: course.pk for course in courses}
    paths = Q()
    for path in by_path:
        paths |= Q(path__startswith=path)
    modules = (
        ModulePage.objects.live()
        .public()
        .filter(paths, depth=courses[0].depth + 1)
        .only("path", "estimated_minutes", "reading_minutes")
    )
    grouped: dict[int, list] = {pk: [] for pk in by_path.values()}
    for module in modules:
        course_pk = by_path.get(module.path[: -ModulePage.steplen])
        if course_pk is not None:
            grouped[course_pk].append(module)
    return {pk: course_facts(modules=found) for pk, found in grouped.items()}
