"""The signed-in user's own preferences (the interface language)."""

from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.errors import Invalid
from teameval.users.repository import UserRepository


class PreferenceService:
    """Changes a user makes to their own account."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal

    def set_language(self, language: str) -> None:
        """Show every page (and new summaries) in `language` for this user from now on."""
        if language not in ("nl", "en"):
            raise Invalid("invalid_language")
        user = UserRepository(self.session, self.principal.school_id).get_or_404(
            self.principal.user_id
        )
        user.language = language
        self.session.commit()
