"""Sign-in requests.

The answers (`LoginResponse`, `MeResponse`) embed the user as read, so they live in
`users/schemas.py`: users build on auth, and auth imports no users module.
"""

from pydantic import BaseModel, Field


class LoginRequest(BaseModel):
    """E-mail and password."""

    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=1000)
