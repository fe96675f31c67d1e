"""The invitation e-mail: a code and a link that carries it, in the person's language."""

from urllib.parse import quote

from teameval.access.schemas import SignInSlip
from teameval.i18n import translate
from teameval.i18n.formats import format_date
from teameval.reminders.mailer import OutgoingMail


def invitation_link(sign_in_url: str, slip: SignInSlip) -> str:
    """The code sign-in page with the e-mail filled in and the code in the fragment.

    A fragment never reaches a server (nor a proxy's log): the page's script copies it into
    the form, and signing in still takes a click, so a mail scanner that opens links uses
    nothing up.
    """
    return f"{sign_in_url}?email={quote(slip.email)}#code={slip.code}"


def invitation_mail(slip: SignInSlip, sign_in_url: str, language: str) -> OutgoingMail:
    """The invitation for one person."""
    return OutgoingMail(
        to=slip.email,
        subject=translate("invitation_subject", language),
        body=translate(
            "invitation_body",
            language,
            name=slip.name,
            link=invitation_link(sign_in_url, slip),
            code=slip.code,
            email=slip.email,
            url=sign_in_url,
            until=format_date(slip.expires_at, language),
        ),
    )
