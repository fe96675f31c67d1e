"""Reminder answers."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict


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
