"""Sign-in code queries, scoped to one school."""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import update

from teameval.models import SignInCode
from teameval.repository import ScopedRepository

_UNUSED = (SignInCode.used_at.is_(None), SignInCode.revoked_at.is_(None))


class SignInCodeRepository(ScopedRepository[SignInCode]):
    """The sign-in codes of one school's users."""

    model = SignInCode

    def revoke_unused(self, user_ids: Iterable[int], now: datetime) -> None:
        """Void the codes of these users that were never used (a new code replaces them)."""
        wanted = set(user_ids)
        if not wanted:
            return
        mine = self._select(SignInCode.id).where(SignInCode.user_id.in_(wanted), *_UNUSED)
        self.session.execute(
            update(SignInCode)
            .where(SignInCode.id.in_(mine))
            .values(revoked_at=now)
            .execution_options(synchronize_session=False)
        )

    def usable(self, user_id: int, code_hash: str, now: datetime) -> SignInCode | None:
        """The user's unused, unrevoked, unexpired code with this hash."""
        stmt = self._select().where(
            SignInCode.user_id == user_id,
            SignInCode.code_hash == code_hash,
            SignInCode.expires_at > now,
            *_UNUSED,
        )
        return self.session.scalars(stmt).first()

    def mark_used(self, code_id: int, now: datetime) -> bool:
        """Use the code once: False when another request used (or revoked) it first."""
        mine = self._select(SignInCode.id).where(SignInCode.id == code_id)
        result = self.session.execute(
            update(SignInCode)
            .where(SignInCode.id.in_(mine), *_UNUSED)
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0) == 1)
