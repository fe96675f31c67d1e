"""Benchmark data written in bulk with Core inserts: a school, classes with submitted peer
feedback, sign-in tokens, and job rows by the hundred thousand.

Written directly (not through the API) so that 10,000 students or 100,000 job rows take seconds;
the services under test then read them like any other rows.
"""

import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from teameval.auth.security import create_access_token
from teameval.models import (
    AuthSession,
    Course,
    Criterion,
    Enrolment,
    Evaluation,
    ReviewAllocation,
    ReviewScore,
    School,
    SummaryGenerationJob,
    Team,
    TeamMember,
    User,
    utcnow,
)

FIRST = ("Sanne", "Daan", "Fleur", "Lucas", "Noor", "Sem", "Lotte", "Finn", "Eva", "Milan")
LAST = (
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "Mulder",
    "Bos",
    "Vos",
    "Dekker",
)
CRITERIA = ("Samenwerking", "Inzet", "Communicatie")
COMMENTS = (
    "{name} plande de taken goed en hield iedereen op de hoogte.",
    "Werkt hard, maar kwam twee keer te laat op een afspraak.",
    "Denkt goed mee; soms mag {name} wat meer laten horen in de groep.",
    "",
)
TEAM_SIZE = 4
_CHUNK = 5000  # rows per executemany: bounded memory, few round trips


@dataclass
class Klass:
    """A course with a closed evaluation whose students received submitted peer feedback."""

    school_id: int
    course_id: int
    evaluation_id: int
    student_ids: list[int]
    criterion_ids: list[int]


def _insert(session: Session, model: Any, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert rows in chunks and return their ids in order."""
    ids: list[int] = []
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start : start + _CHUNK]
        stmt = insert(model).returning(model.id, sort_by_parameter_order=True)
        ids.extend(session.scalars(stmt, list(chunk)).all())
    return ids


def seed_school(session: Session) -> tuple[int, int]:
    """A school and its teacher; returns (school_id, teacher_id)."""
    now = utcnow()
    [school_id] = _insert(session, School, [{"name": "Bench College", "language": "nl"}])
    [teacher_id] = _insert(
        session,
        User,
        [
            {
                "school_id": school_id,
                "role": "teacher",
                "email": "docent@bench.example",
                "name": "Docent Bench",
                "created_at": now,
            }
        ],
    )
    session.commit()
    return school_id, teacher_id


def seed_class(
    session: Session,
    school_id: int,
    teacher_id: int,
    size: int,
    *,
    label: str,
    with_scores: bool = True,
) -> Klass:
    """A course of `size` students in teams of four and a closed evaluation in which every
    student reviewed every teammate and themselves (submitted); scores and comments optional."""
    rng = random.Random(size)
    now = utcnow()
    [course_id] = _insert(
        session,
        Course,
        [{"school_id": school_id, "name": f"Project {label}", "teacher_id": teacher_id}],
    )
    students = [
        {
            "school_id": school_id,
            "role": "student",
            "email": f"{label}.{i}@bench.example",
            "name": f"{FIRST[i % 10]} {LAST[(i // 10) % 10]}",
            "class_name": "5V",
            "created_at": now,
        }
        for i in range(size)
    ]
    student_ids = _insert(session, User, students)
    team_count = -(-size // TEAM_SIZE)
    team_ids = _insert(
        session,
        Team,
        [
            {"school_id": school_id, "course_id": course_id, "name": f"Team {t + 1}"}
            for t in range(team_count)
        ],
    )
    teams = [student_ids[t * TEAM_SIZE : (t + 1) * TEAM_SIZE] for t in range(team_count)]
    _insert(
        session,
        Enrolment,
        [{"school_id": school_id, "course_id": course_id, "student_id": s} for s in student_ids],
    )
    _insert(
        session,
        TeamMember,
        [
            {
                "school_id": school_id,
                "team_id": team_ids[t],
                "course_id": course_id,
                "student_id": s,
            }
            for t, members in enumerate(teams)
            for s in members
        ],
    )
    [evaluation_id] = _insert(
        session,
        Evaluation,
        [
            {
                "school_id": school_id,
                "course_id": course_id,
                "title": f"Peer evaluatie {label}",
                "status": "closed",
                "include_self": True,
                "summary_release": "auto",
                "created_by_id": teacher_id,
                "opened_at": now - timedelta(days=14),
                "closed_at": now - timedelta(days=1),
                "deadline": now - timedelta(days=1),
            }
        ],
    )
    criterion_ids = _insert(
        session,
        Criterion,
        [
            {"school_id": school_id, "evaluation_id": evaluation_id, "name": name, "position": p}
            for p, name in enumerate(CRITERIA)
        ],
    )
    pairs = [(t, a, b) for t, members in enumerate(teams) for a in members for b in members]
    allocation_ids = _insert(
        session,
        ReviewAllocation,
        [
            {
                "school_id": school_id,
                "evaluation_id": evaluation_id,
                "team_id": team_ids[t],
                "reviewer_id": a,
                "reviewee_id": b,
                "is_self": a == b,
                "status": "submitted",
                "submitted_at": now - timedelta(days=2),
            }
            for t, a, b in pairs
        ],
    )
    if with_scores:
        names = {s["email"]: s["name"] for s in students}
        by_id = dict(zip(student_ids, (names[s["email"]] for s in students), strict=True))
        _insert(
            session,
            ReviewScore,
            [
                {
                    "school_id": school_id,
                    "allocation_id": allocation_id,
                    "criterion_id": criterion_id,
                    "score": rng.randint(2, 5),
                    "comment": rng.choice(COMMENTS).format(name=by_id[b].split()[0]),
                }
                for allocation_id, (_t, _a, b) in zip(allocation_ids, pairs, strict=True)
                for criterion_id in criterion_ids
            ],
        )
    session.commit()
    return Klass(school_id, course_id, evaluation_id, student_ids, criterion_ids)


def issue_tokens(
    signing_key: str, session: Session, school_id: int, user_ids: Sequence[int]
) -> dict[int, str]:
    """A signed bearer token (also the page cookie) per user, as a sign-in would give them.

    Signing in through the API costs an argon2 hash per user and is rate limited; the token and
    its session row are exactly what a sign-in writes.
    """
    expires = utcnow() + timedelta(hours=6)
    session_ids = _insert(
        session,
        AuthSession,
        [{"school_id": school_id, "user_id": u, "expires_at": expires} for u in user_ids],
    )
    session.commit()
    return {
        u: create_access_token(signing_key, u, sid, expires)
        for u, sid in zip(user_ids, session_ids, strict=True)
    }


def job_row(
    school_id: int, evaluation_id: int, student_id: int, *, status: str, force: bool = True
) -> dict[str, Any]:
    """One summary job row as the service writes it (queued) or as it ends (completed)."""
    now = utcnow()
    row: dict[str, Any] = {
        "job_id": secrets.token_urlsafe(16),
        "school_id": school_id,
        "evaluation_id": evaluation_id,
        "student_id": student_id,
        "status": status,
        "attempts": 0,
        "max_attempts": 3,
        "force": force,
        "created_at": now,
    }
    if status == "completed":
        row |= {
            "attempts": 1,
            "started_at": now,
            "completed_at": now,
            "feedback_hash": "0" * 64,
            "result": {
                "summary_text": "Samenvatting.",
                "generation_method": "ai",
                "feedback_count": 3,
            },
        }
    return row


def insert_jobs(session: Session, rows: Sequence[dict[str, Any]]) -> list[str]:
    """Insert job rows in bulk; returns their public job ids."""
    _insert(session, SummaryGenerationJob, rows)
    session.commit()
    return [r["job_id"] for r in rows]


def history_rows(klass: Klass, count: int) -> list[dict[str, Any]]:
    """`count` finished jobs spread over the class's students, created over the past year:
    the history a busy installation accumulates (regenerations, old evaluations)."""
    rng = random.Random(count)
    now = utcnow()
    rows = []
    for i in range(count):
        row = job_row(
            klass.school_id,
            klass.evaluation_id,
            klass.student_ids[i % len(klass.student_ids)],
            status=rng.choice(("completed", "completed", "completed", "failed", "cancelled")),
        )
        row["created_at"] = now - timedelta(minutes=rng.randint(1, 525_600))
        rows.append(row)
    return rows
