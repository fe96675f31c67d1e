"""`/api/v1/courses` routes (being built)."""

from fastapi import APIRouter

router = APIRouter(tags=["courses"])
