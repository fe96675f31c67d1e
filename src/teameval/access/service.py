"""Giving people access without handing out passwords: sign-in codes on slips or by e-mail.

Staff issue codes for one person or a course; only a keyed hash is stored, the code itself is
answered once. A new code for a person voids their older unused ones. Who may issue for whom
is `courses.staff`: admins for anyone of the school, teachers for their courses' students.
"""

import logging
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy.orm import Session

from teameval.access.codes import code_hash, new_code
from teameval.access.invitations import invitation_mail
from teameval.access.repository import SignInCodeRepository
from teameval.access.schemas import (
    CourseAccess,
    InvitationReport,
    IssuedCodes,
    PersonAccess,
    SignInSlip,
    UserCreated,
)
from teameval.auth.principal import Principal
from teameval.config import Settings
from teameval.courses.repository import EnrolmentRepository
from teameval.courses.staff import course_in_charge, person_in_charge
from teameval.errors import AppError, Invalid
from teameval.models import Course, SignInCode, User, utcnow
from teameval.reminders.mailer import MailerUnavailable, SmtpMailer
from teameval.schools.repository import SchoolRepository
from teameval.users.schemas import UserCreate, UserRead
from teameval.users.service import UserService

log = logging.getLogger("teameval.access")


class AccessService:
    """Sign-in codes and invitations for the principal's school (staff only)."""

    def __init__(
        self, session: Session, principal: Principal, settings: Settings, base_url: str = ""
    ) -> None:
        """`base_url`: where the request came in, for links when no public URL is configured."""
        principal.require_staff()
        self.session = session
        self.principal = principal
        self.settings = settings
        self.base_url = settings.public_url(base_url or settings.public_base_url)
        self.codes = SignInCodeRepository(session, principal.school_id)

    @property
    def mail_configured(self) -> bool:
        """Whether invitations can be e-mailed (an SMTP server is set)."""
        return bool(self.settings.smtp_host)

    @property
    def sign_in_url(self) -> str:
        """The page where a code is typed in."""
        return f"{self.base_url}/login/code"

    def course_access(self, course_id: int) -> CourseAccess:
        """A course's students: who has a password already, who still needs a code."""
        course = course_in_charge(self.session, self.principal, course_id)
        roster = EnrolmentRepository(self.session, self.principal.school_id).roster(course.id)
        people = [
            PersonAccess(
                id=s.id,
                name=s.name,
                email=s.email,
                has_password=s.password_hash is not None,
                is_active=s.is_active,
            )
            for s in roster
        ]
        return CourseAccess(
            course_id=course.id,
            course_name=course.name,
            mail_configured=self.mail_configured,
            code_ttl_days=self.settings.sign_in_code_ttl_days,
            people=people,
        )

    def issue_for_user(self, user_id: int) -> IssuedCodes:
        """A new code for one person (the old unused ones stop working)."""
        user = person_in_charge(self.session, self.principal, user_id)
        if not user.is_active:
            raise Invalid("user_inactive")
        issued = self._issue([user])
        self.session.commit()
        return issued

    def issue_for_course(self, course_id: int, include_with_password: bool = False) -> IssuedCodes:
        """New codes for a course's active students, by default those without a password."""
        course, students, skipped = self._course_students(course_id, include_with_password)
        issued = self._issue(students)
        issued.skipped_with_password = skipped
        issued.course_id, issued.course_name = course.id, course.name
        self.session.commit()
        return issued

    def create_user(self, data: UserCreate) -> UserCreated:
        """Create a user; one created without a password gets a code to sign in with."""
        user = UserService(self.session, self.principal).create_user(data)
        created = UserCreated.model_validate(UserRead.model_validate(user).model_dump())
        if user.password_hash is None:
            created.sign_in = self._issue([user])
            self.session.commit()
        return created

    def invite_user(self, user_id: int) -> InvitationReport:
        """E-mail one person a new code and a link that signs them in once."""
        user = person_in_charge(self.session, self.principal, user_id)
        self._require_mail()
        if not user.is_active:
            raise Invalid("user_inactive")
        return self._invite([user], skipped=0)

    def invite_course(
        self, course_id: int, include_with_password: bool = False
    ) -> InvitationReport:
        """E-mail a course's students (by default those without a password) their invitation."""
        _course, students, skipped = self._course_students(course_id, include_with_password)
        self._require_mail()
        return self._invite(students, skipped)

    def _course_students(
        self, course_id: int, include_with_password: bool
    ) -> tuple[Course, list[User], int]:
        """The course, its active students who get a code, and how many were left out."""
        course = course_in_charge(self.session, self.principal, course_id)
        roster = EnrolmentRepository(self.session, self.principal.school_id).roster(course.id)
        active = [s for s in roster if s.is_active]
        chosen = [s for s in active if include_with_password or s.password_hash is None]
        return course, chosen, len(active) - len(chosen)

    def _issue(self, users: Sequence[User]) -> IssuedCodes:
        """Stage a new code per user, voiding their unused ones; the caller commits."""
        now = utcnow()
        expires_at = now + timedelta(days=self.settings.sign_in_code_ttl_days)
        self.codes.revoke_unused([u.id for u in users], now)
        key = self.settings.signing_key
        slips = []
        for user in users:
            code = new_code()
            self.codes.add(
                SignInCode(
                    user_id=user.id,
                    code_hash=code_hash(key, user.id, code),
                    issued_by_id=self.principal.user_id,
                    expires_at=expires_at,
                )
            )
            slips.append(
                SignInSlip(
                    user_id=user.id,
                    name=user.name,
                    email=user.email,
                    code=code,
                    expires_at=expires_at,
                )
            )
        return IssuedCodes(sign_in_url=self.sign_in_url, expires_at=expires_at, slips=slips)

    def _require_mail(self) -> None:
        if not self.mail_configured:
            raise Invalid("smtp_not_configured")

    def _invite(self, users: Sequence[User], skipped: int) -> InvitationReport:
        """Issue codes (committed first, so no e-mail names a code that was never stored) and
        send them; when no e-mail could go, the new codes are voided again."""
        issued = self._issue(users)
        self.session.commit()
        language = SchoolRepository(self.session, self.principal.school_id).language()
        languages = {u.id: u.language or language for u in users}
        mails = [
            invitation_mail(slip, self.sign_in_url, languages[slip.user_id])
            for slip in issued.slips
        ]
        try:
            report = SmtpMailer(self.settings).send_all(mails)
        except MailerUnavailable as exc:
            log.warning("invitations not sent: %s", exc)
            self.codes.revoke_unused([u.id for u in users], utcnow())
            self.session.commit()
            raise AppError("mail_unavailable", status_code=503) from exc
        return InvitationReport(
            sent=len(report.sent), failed=report.failed, skipped_with_password=skipped
        )
