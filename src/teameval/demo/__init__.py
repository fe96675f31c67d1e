"""The demo school: `teameval demo-data` and `teameval run --demo` load it."""

from teameval.demo.loader import (
    DEMO_PASSWORDS,
    DemoLogin,
    database_is_empty,
    demo_is_loaded,
    demo_logins,
    format_logins,
    load_demo,
)

__all__ = [
    "DEMO_PASSWORDS",
    "DemoLogin",
    "database_is_empty",
    "demo_is_loaded",
    "demo_logins",
    "format_logins",
    "load_demo",
]
