"""SchoolRepository: a school sees its own row only, and is never created from inside one."""

import pytest
from sqlalchemy.orm import Session

from teameval.errors import NotFound
from teameval.models import School
from teameval.schools.repository import SchoolRepository
from tests.factories.school import make_school


def test_a_school_reads_its_own_row_and_language_only(session: Session, school: School) -> None:
    english = make_school(session, language="en")
    assert SchoolRepository(session, english.id).language() == "en"
    repo = SchoolRepository(session, school.id)
    assert repo.language() == school.language
    assert repo.get(school.id) is school
    assert repo.get(english.id) is None  # another school is not found
    with pytest.raises(NotFound):
        repo.get_or_404(english.id)


def test_a_gone_school_reads_as_dutch_and_none_is_added_from_inside(session: Session) -> None:
    repo = SchoolRepository(session, 999_999)
    assert repo.language() == "nl"
    with pytest.raises(TypeError):
        repo.add(School(name="Nieuw", language="nl"))
