"""Sign-in code rules: hashing, single use, expiry, replacement, throttling and who may issue."""

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from teameval.access.codes import ALPHABET, code_hash, new_code, normalised
from teameval.access.service import AccessService
from teameval.access.sign_in import CodeSignInService
from teameval.auth.security import verify_password
from teameval.auth.service import AuthService
from teameval.config import Settings, get_settings
from teameval.errors import AppError, Forbidden, NotFound, TooManyRequests, Unauthorized
from teameval.models import AuthSession, School, SessionPurpose, SignInCode, User, utcnow
from teameval.users.schemas import UserCreate
from tests.factories.access import AccessClass as Class
from tests.factories.access import as_principal
from tests.factories.course import enrol, make_course
from tests.factories.school import PASSWORD, make_school, make_user


def _issue_one(session: Session, settings: Settings, klass: Class, student: User) -> str:
    issued = AccessService(session, as_principal(klass.teacher), settings).issue_for_user(
        student.id
    )
    return issued.slips[0].code


def test_a_code_is_ten_unambiguous_characters_typed_back_in_any_case() -> None:
    code = new_code()
    assert len(code) == 11 and code[5] == "-"
    raw = code.replace("-", "")
    assert all(ch in ALPHABET for ch in raw)
    assert not set("01ILO") & set(ALPHABET)
    assert normalised(f" {code.lower()} ") == raw
    assert normalised(raw[:5] + " " + raw[5:]) == raw
    assert normalised("ABCDE-FGHI") is None  # too short
    assert normalised("ABCDE-FGHI0") is None  # 0 is not in the alphabet


def test_only_a_keyed_hash_of_the_code_is_stored(
    session: Session, settings: Settings, klass: Class
) -> None:
    code = _issue_one(session, settings, klass, klass.fresh[0])
    row = session.scalars(select(SignInCode)).one()
    assert code not in row.code_hash and code.replace("-", "") not in row.code_hash
    assert row.code_hash == code_hash(settings.signing_key, klass.fresh[0].id, code)
    # The same code for another user, or under another key, hashes differently.
    assert row.code_hash != code_hash(settings.signing_key, klass.fresh[1].id, code)
    assert row.code_hash != code_hash("another-key-of-at-least-32-bytes!!", klass.fresh[0].id, code)
    assert row.expires_at - utcnow() > timedelta(days=13, hours=23)
    assert row.issued_by_id == klass.teacher.id


def test_a_code_signs_in_once_for_choosing_a_password(
    session: Session, settings: Settings, klass: Class
) -> None:
    student = klass.fresh[0]
    code = _issue_one(session, settings, klass, student)
    sign_in = CodeSignInService(session, settings).sign_in(student.email.upper(), code.lower())
    assert sign_in.user.id == student.id
    assert sign_in.auth_session.purpose == SessionPurpose.SET_PASSWORD
    minutes = settings.sign_in_code_session_minutes
    assert sign_in.auth_session.expires_at <= utcnow() + timedelta(minutes=minutes)
    owner = AuthService(session, get_settings()).principal_from_token(sign_in.token).principal
    assert owner.must_set_password

    with pytest.raises(Unauthorized) as again:
        CodeSignInService(session, settings).sign_in(student.email, code)
    assert again.value.code == "invalid_code"


def test_an_expired_code_is_refused(session: Session, settings: Settings, klass: Class) -> None:
    student = klass.fresh[0]
    code = _issue_one(session, settings, klass, student)
    row = session.scalars(select(SignInCode)).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.commit()
    with pytest.raises(Unauthorized):
        CodeSignInService(session, settings).sign_in(student.email, code)


def test_a_new_code_voids_the_older_unused_one(
    session: Session, settings: Settings, klass: Class
) -> None:
    student = klass.fresh[0]
    old = _issue_one(session, settings, klass, student)
    new = _issue_one(session, settings, klass, student)
    with pytest.raises(Unauthorized):
        CodeSignInService(session, settings).sign_in(student.email, old)
    assert CodeSignInService(session, settings).sign_in(student.email, new).user.id == student.id
    rows = session.scalars(select(SignInCode).order_by(SignInCode.id)).all()
    assert [r.revoked_at is not None for r in rows] == [True, False]
    assert rows[1].used_at is not None


def test_a_code_of_another_person_does_not_open_this_account(
    session: Session, settings: Settings, klass: Class
) -> None:
    anna, bram = klass.fresh
    code = _issue_one(session, settings, klass, anna)
    with pytest.raises(Unauthorized):
        CodeSignInService(session, settings).sign_in(bram.email, code)


def test_failed_codes_are_throttled_with_the_passwords_rule(
    session: Session, settings: Settings, klass: Class
) -> None:
    student = klass.fresh[0]
    code = _issue_one(session, settings, klass, student)
    service = CodeSignInService(session, settings)
    # Wrong passwords and wrong codes count together for the address.
    for _ in range(settings.login_max_failures - 1):
        with pytest.raises(Unauthorized):
            service.sign_in(student.email, "AAAAA-AAAAA")
    with pytest.raises(Unauthorized):
        AuthService(session, get_settings()).login(student.email, "wrong-password")
    with pytest.raises(TooManyRequests):
        service.sign_in(student.email, code)  # even the right code waits out the window
    assert session.scalars(select(SignInCode)).one().used_at is None


def test_choosing_a_password_ends_every_sign_in_and_opens_a_normal_one(
    session: Session, settings: Settings, klass: Class
) -> None:
    student = klass.with_password
    elsewhere = AuthService(session, get_settings()).login(student.email, PASSWORD)
    code = _issue_one(session, settings, klass, student)
    service = CodeSignInService(session, settings)
    by_code = service.sign_in(student.email, code)
    principal = AuthService(session, get_settings()).principal_from_token(by_code.token).principal

    with pytest.raises(AppError) as short:
        service.choose_password(principal, "kort", "kort")
    assert (short.value.code, short.value.status_code) == ("weak_password", 422)
    with pytest.raises(AppError) as mismatch:
        service.choose_password(principal, "een-lang-wachtwoord", "een-ander-wachtwoord")
    assert mismatch.value.code == "password_mismatch"

    chosen = service.choose_password(principal, "een-lang-wachtwoord", "een-lang-wachtwoord")
    assert chosen.auth_session.purpose == SessionPurpose.SIGN_IN
    session.expire_all()
    assert verify_password(session.get(User, student.id).password_hash, "een-lang-wachtwoord")  # type: ignore[union-attr]
    for old in (elsewhere, by_code):
        assert session.get(AuthSession, old.auth_session.id).revoked_at is not None  # type: ignore[union-attr]
    normal = AuthService(session, get_settings()).principal_from_token(chosen.token).principal
    with pytest.raises(Forbidden):
        service.choose_password(normal, "nog-een-wachtwoord", "nog-een-wachtwoord")


def test_course_codes_go_to_active_students_without_a_password_unless_asked(
    session: Session, settings: Settings, klass: Class
) -> None:
    klass.fresh[1].is_active = False
    session.commit()
    service = AccessService(session, as_principal(klass.teacher), settings)
    issued = service.issue_for_course(klass.course.id)
    assert [s.name for s in issued.slips] == ["Anna"]
    assert issued.skipped_with_password == 1
    assert issued.course_name == "Biologie 4H"
    assert issued.sign_in_url.endswith("/login/code")
    everyone = service.issue_for_course(klass.course.id, include_with_password=True)
    assert [s.name for s in everyone.slips] == ["Anna", "Cas"]
    # Anna's first code gave way to her second; Cas's password still works.
    assert (
        AuthService(session, get_settings()).login(klass.with_password.email, PASSWORD).user.name
        == "Cas"
    )


def test_a_teacher_gives_codes_only_to_students_of_their_courses(
    session: Session, settings: Settings, school: School, klass: Class
) -> None:
    colleague = make_user(session, school, "teacher")
    outsider = make_user(session, school, "student", password_hash=None)
    other_course = make_course(session, school, teacher_id=colleague.id)
    enrol(session, other_course, [outsider])
    mine = AccessService(session, as_principal(klass.teacher), settings)
    for forbidden in (outsider.id, colleague.id):
        with pytest.raises(NotFound):
            mine.issue_for_user(forbidden)
    with pytest.raises(NotFound):
        mine.issue_for_course(other_course.id)
    admin = make_user(session, school, "admin")
    by_admin = AccessService(session, as_principal(admin), settings)
    assert by_admin.issue_for_user(colleague.id).slips[0].email == colleague.email
    assert by_admin.issue_for_course(other_course.id).slips[0].user_id == outsider.id
    with pytest.raises(Forbidden):
        AccessService(session, as_principal(klass.fresh[0]), settings)


def test_another_schools_people_and_courses_are_not_found(
    session: Session, settings: Settings, klass: Class
) -> None:
    elsewhere = make_school(session)
    admin_b = make_user(session, elsewhere, "admin")
    service = AccessService(session, as_principal(admin_b), settings)
    with pytest.raises(NotFound):
        service.issue_for_user(klass.fresh[0].id)
    with pytest.raises(NotFound):
        service.issue_for_course(klass.course.id)
    with pytest.raises(NotFound):
        service.course_access(klass.course.id)
    assert session.scalars(select(SignInCode)).all() == []


def test_a_user_created_without_a_password_gets_a_code(
    session: Session, settings: Settings, school: School
) -> None:
    admin = make_user(session, school, "admin")
    service = AccessService(session, as_principal(admin), settings)
    created = service.create_user(
        UserCreate(email="Docent@School.example", name="Nieuwe Docent", role="teacher")
    )
    assert created.sign_in is not None
    slip = created.sign_in.slips[0]
    assert (slip.email, slip.name) == ("docent@school.example", "Nieuwe Docent")
    signed = CodeSignInService(session, settings).sign_in("docent@school.example", slip.code)
    assert signed.user.role == "teacher"
    with_password = service.create_user(
        UserCreate(email="b@school.example", name="B", role="teacher", password="a-long-password")
    )
    assert with_password.sign_in is None
