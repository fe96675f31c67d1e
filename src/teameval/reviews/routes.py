"""`/api/v1/reviews` routes (being built)."""

from fastapi import APIRouter

router = APIRouter(tags=["reviews"])
