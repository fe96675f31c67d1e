"""The pages of teameval: one router per audience, the static files, and the error pages."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from teameval.web.access import router as access_router
from teameval.web.admin import router as admin_router
from teameval.web.code_login import router as code_login_router
from teameval.web.errors import install_page_error_handlers
from teameval.web.session import router as session_router
from teameval.web.student import router as student_router
from teameval.web.student_overview import router as student_overview_router
from teameval.web.teacher import router as teacher_router
from teameval.web.teacher_evaluation import router as teacher_evaluation_router
from teameval.web.teacher_manage import router as teacher_manage_router
from teameval.web.teacher_reminders import router as teacher_reminders_router
from teameval.web.teacher_review import router as teacher_review_router
from teameval.web.teacher_staff import router as teacher_staff_router

STATIC_DIR = Path(__file__).parent / "static"


def install_pages(app: FastAPI) -> None:
    """Add the page routers, `/static` and the HTML error pages to `app`."""
    for router in (
        session_router,
        code_login_router,
        student_router,
        student_overview_router,
        teacher_router,
        teacher_evaluation_router,
        teacher_reminders_router,
        teacher_review_router,
        teacher_staff_router,
        teacher_manage_router,
        admin_router,
        access_router,
    ):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_page_error_handlers(app)
