"""The comments a student received, grouped for the teacher's pages (per student, per criterion)."""

from dataclasses import dataclass, field

from teameval.results.schemas import ReceivedComment


@dataclass
class CriterionComments:
    """The comments on one criterion, in the order the results service gives them."""

    criterion_name: str
    comments: list[ReceivedComment] = field(default_factory=list)


@dataclass
class StudentComments:
    """Everything one student received, criterion by criterion (the rubric's order)."""

    student_id: int
    student_name: str
    team_name: str
    criteria: list[CriterionComments] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many comments the student received."""
        return sum(len(c.comments) for c in self.criteria)

    @property
    def addressed(self) -> int:
        """How many of them speak to the model (their sentences never reached the prompt)."""
        return sum(1 for c in self.criteria for comment in c.comments if comment.addressed_to_model)


def by_student(comments: list[ReceivedComment]) -> list[StudentComments]:
    """Group comments (already in the results table's order) per student, then per criterion."""
    students: dict[int, StudentComments] = {}
    for comment in comments:
        student = students.get(comment.student_id)
        if student is None:
            student = StudentComments(comment.student_id, comment.student_name, comment.team_name)
            students[comment.student_id] = student
        if not student.criteria or student.criteria[-1].criterion_name != comment.criterion_name:
            student.criteria.append(CriterionComments(comment.criterion_name))
        student.criteria[-1].comments.append(comment)
    return list(students.values())
