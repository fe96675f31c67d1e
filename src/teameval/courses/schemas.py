"""Course, team and enrolment requests and answers."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from teameval.users.schemas import UserRef
from teameval.validation import Name, OptionalLabel, TeamName

# A team of a school project; a list this long is a typo, not a team.
MAX_TEAM_SIZE = 50
# One request enrols at most a large year group.
MAX_ENROL = 1000


class CourseBase(BaseModel):
    """Fields a course is created with and read back with."""

    name: Name
    code: OptionalLabel = None


class CourseCreate(CourseBase):
    """A new course; `teacher_id` defaults to the teacher who creates it."""

    teacher_id: int | None = None


class CourseRead(CourseBase):
    """A course in a list."""

    model_config = ConfigDict(from_attributes=True)

    # Shown as stored: a read never refuses a row (teameval.validation).
    name: str
    code: str | None = None
    id: int
    teacher_id: int | None
    created_at: datetime


class TeamBase(BaseModel):
    """A team's name and members."""

    name: TeamName
    member_ids: list[int] = Field(default_factory=list, max_length=MAX_TEAM_SIZE)


class TeamCreate(TeamBase):
    """A new team of a course; its members are enrolled in the course."""


class TeamUpdate(TeamBase):
    """The new name and the complete new member list of a team (members not listed leave it)."""


class TeamRead(BaseModel):
    """A team with its members."""

    id: int
    course_id: int
    name: str
    members: list[UserRef]


class CourseDetail(CourseRead):
    """A course with its teams and everyone enrolled (in a team or not)."""

    teams: list[TeamRead]
    students: list[UserRef]
    # Teachers who act on the course beside its teacher (docs/ACCESS.md, "Course staff").
    co_teachers: list[UserRef] = Field(default_factory=list)


class CoTeacherAdd(BaseModel):
    """A teacher of the school to add to a course's staff."""

    teacher_id: int


class CourseStaffRead(BaseModel):
    """Who acts on a course: its teacher and its co-teachers."""

    teacher: UserRef | None
    co_teachers: list[UserRef]


class TeamMove(BaseModel):
    """The team a student of the course goes to; null takes them out of their team."""

    team_id: int | None


class TeamMoveResult(BaseModel):
    """Where a student was and is now. Evaluations already open keep their reviews as they
    were allocated (docs/EVALUATION-FLOW.md, "Changing teams")."""

    student_id: int
    previous_team_id: int | None
    team_id: int | None


class EnrolRequest(BaseModel):
    """Students to enrol in a course without putting them in a team."""

    student_ids: list[int] = Field(min_length=1, max_length=MAX_ENROL)


class EnrolResult(BaseModel):
    """Which students were newly enrolled, and the course's roster afterwards."""

    added: list[int]
    students: list[UserRef]
