"""Reminder answers."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from teameval.pagination import MAX_LIMIT


class ReminderRead(BaseModel):
    """One round of reminder e-mails and how it went."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    evaluation_id: int
    kind: Literal["manual", "auto"]
    # sending: going out now; sent: the server accepted at least one; failed: none went out;
    # empty: everybody had already submitted, nothing to send.
    status: Literal["sending", "sent", "failed", "empty"]
    recipient_count: int
    sent_count: int
    failed_count: int
    created_at: datetime
    completed_at: datetime | None


class ReminderRequest(BaseModel):
    """Whom to remind: the listed students (ids), or everyone with reviews left when omitted."""

    student_ids: list[int] | None = Field(default=None, max_length=MAX_LIMIT)


class MissingReview(BaseModel):
    """A review a student has not submitted: of whom (themselves or a teammate), how far."""

    reviewee_name: str
    is_self: bool
    status: Literal["todo", "draft"]


class PendingStudent(BaseModel):
    """A student with reviews left to submit, and which."""

    student_id: int
    name: str
    email: str
    missing: list[MissingReview]


class PendingReminders(BaseModel):
    """Who a reminder would go to, whether e-mail can go out, and the e-mail it would be."""

    evaluation_id: int
    smtp_configured: bool
    students: list[PendingStudent]
    # The e-mail the first student of the list gets (in their language); None: nobody left.
    example_to: str | None
    subject: str | None
    body: str | None
    next_allowed_at: datetime | None  # the button's interval: when it works again
