"""The questions to the party in a module: its ``question_to_the_party``
blocks (``courses.blocks.QuestionToThePartyBlock``), read from the body."""

from dataclasses import dataclass

from courses.models import ModulePage

BLOCK_TYPE = "question_to_the_party"


@dataclass(frozen=True)
class PartyQuestion:
    id: str
    question: str
    options: tuple[str, ...]
    ask_statement: bool
    statement_prompt: str

    @property
    def short(self) -> str:
        text = " ".join(self.question.split())
        return text if len(text) <= 90 else text[:89] + "…"


def module_questions(module: ModulePage) -> list[PartyQuestion]:
    found = []
    for block in module.body:
        if block.block_type != BLOCK_TYPE:
            continue
        value = block.value
        options = tuple(
            o.strip() for o in value.get("options") or [] if o and o.strip()
        )
        found.append(
            PartyQuestion(
                id=block.id,
                question=value.get("question") or "",
                options=options,
                ask_statement=bool(value.get("ask_statement")),
                statement_prompt=value.get("statement_prompt") or "",
            )
        )
    return found


def module_question(module: ModulePage, question_id: str) -> PartyQuestion | None:
    return next((q for q in module_questions(module) if q.id == question_id), None)


def modules_with_questions() -> list[tuple[ModulePage, list[PartyQuestion]]]:
    """Every live module that asks the party something, with its questions."""
    modules = (
        ModulePage.objects.live()
        .only("pk", "title", "body", "path", "depth")
        .order_by("path")
    )
    return [(m, qs) for m in modules if (qs := module_questions(m))]
