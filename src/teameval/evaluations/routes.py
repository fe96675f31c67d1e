"""`/api/v1/evaluations` routes (being built)."""

from fastapi import APIRouter

router = APIRouter(tags=["evaluations"])
