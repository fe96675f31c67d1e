"""`/api/v1/courses`: staff manage courses, their teams and their rosters."""

from fastapi import APIRouter, Request, Response, status
from starlette.concurrency import run_in_threadpool

from teameval.auth.dependencies import StaffDep
from teameval.bodylimit import UPLOAD_BODY_MAX
from teameval.courses.roster_import import RosterImportResult, RosterImportService
from teameval.courses.schemas import (
    CoTeacherAdd,
    CourseCreate,
    CourseDetail,
    CourseRead,
    CourseStaffRead,
    EnrolRequest,
    EnrolResult,
    TeamCreate,
    TeamMove,
    TeamMoveResult,
    TeamRead,
    TeamUpdate,
)
from teameval.courses.service import CourseService
from teameval.courses.staff import CourseStaffService
from teameval.db import SessionDep
from teameval.evaluations.team_changes import TeamChangeService
from teameval.pagination import Page, PageDep
from teameval.users.uploads import read_csv_upload

router = APIRouter(prefix="/api/v1/courses", tags=["courses"])


@router.post("", status_code=status.HTTP_201_CREATED)
def create_course(data: CourseCreate, principal: StaffDep, session: SessionDep) -> CourseRead:
    """Create a course."""
    return CourseRead.model_validate(CourseService(session, principal).create_course(data))


@router.get("")
def list_courses(principal: StaffDep, session: SessionDep, page: PageDep) -> Page[CourseRead]:
    """The school's courses, by name."""
    rows, total = CourseService(session, principal).list_courses(page.limit, page.offset)
    return Page(items=[CourseRead.model_validate(c) for c in rows], total=total)


@router.get("/{course_id}")
def get_course(course_id: int, principal: StaffDep, session: SessionDep) -> CourseDetail:
    """A course with its teams (and their members) and its roster."""
    return CourseService(session, principal).get_course(course_id)


@router.post("/{course_id}/teams", status_code=status.HTTP_201_CREATED)
def create_team(
    course_id: int, data: TeamCreate, principal: StaffDep, session: SessionDep
) -> TeamRead:
    """Form a team; its members are enrolled in the course."""
    return CourseService(session, principal).create_team(course_id, data)


@router.get("/{course_id}/teams")
def list_teams(
    course_id: int, principal: StaffDep, session: SessionDep, page: PageDep
) -> Page[TeamRead]:
    """A course's teams with their members, by name."""
    items, total = CourseService(session, principal).list_teams(course_id, page.limit, page.offset)
    return Page(items=items, total=total)


@router.put("/{course_id}/teams/{team_id}")
def update_team(
    course_id: int, team_id: int, data: TeamUpdate, principal: StaffDep, session: SessionDep
) -> TeamRead:
    """Rename a team and set its complete member list."""
    return CourseService(session, principal).update_team(course_id, team_id, data)


@router.put("/{course_id}/students/{student_id}/team")
def move_student(
    course_id: int, student_id: int, data: TeamMove, principal: StaffDep, session: SessionDep
) -> TeamMoveResult:
    """Put a student of the course in another team (null: in none); open evaluations keep
    their reviews as allocated."""
    return CourseService(session, principal).move_student(course_id, student_id, data.team_id)


@router.get("/{course_id}/teachers")
def list_course_teachers(
    course_id: int, principal: StaffDep, session: SessionDep
) -> CourseStaffRead:
    """Who acts on the course: its teacher and its co-teachers."""
    return CourseStaffService(session, principal).staff_of(course_id)


@router.post("/{course_id}/teachers")
def add_course_teacher(
    course_id: int, data: CoTeacherAdd, principal: StaffDep, session: SessionDep
) -> CourseStaffRead:
    """Add a co-teacher: another teacher of the school who then acts on the course too."""
    return CourseStaffService(session, principal).add_co_teacher(course_id, data.teacher_id)


@router.delete("/{course_id}/teachers/{teacher_id}")
def remove_course_teacher(
    course_id: int, teacher_id: int, principal: StaffDep, session: SessionDep
) -> CourseStaffRead:
    """Take a co-teacher off the course."""
    return CourseStaffService(session, principal).remove_co_teacher(course_id, teacher_id)


@router.delete("/{course_id}/teams/{team_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_team(course_id: int, team_id: int, principal: StaffDep, session: SessionDep) -> Response:
    """Delete an empty team in which no evaluation allocated reviews."""
    TeamChangeService(session, principal).delete_team(course_id, team_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.delete("/{course_id}/students/{student_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_student(
    course_id: int, student_id: int, principal: StaffDep, session: SessionDep
) -> Response:
    """Take a student off the course and out of their team (422 while in an open evaluation)."""
    TeamChangeService(session, principal).remove_student(course_id, student_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{course_id}/students")
def enrol_students(
    course_id: int, data: EnrolRequest, principal: StaffDep, session: SessionDep
) -> EnrolResult:
    """Enrol students in the course without a team."""
    return CourseService(session, principal).enrol_students(course_id, data.student_ids)


_CSV_BODY = {
    "requestBody": {
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            },
        }
    }
}


@router.post("/{course_id}/import", openapi_extra=_CSV_BODY, max_body_size=UPLOAD_BODY_MAX)
async def import_roster(
    course_id: int,
    request: Request,
    principal: StaffDep,
    session: SessionDep,
    dry_run: bool = True,
) -> RosterImportResult:
    """Students and teams from CSV `email,name,class_name,team`: a preview unless dry_run=false."""
    data = await read_csv_upload(request)
    service = RosterImportService(session, principal)
    return await run_in_threadpool(service.import_roster, course_id, data, dry_run)
