"""Every text key a template or page module uses exists in Dutch and in English."""

import re
from pathlib import Path

from teameval.i18n import _CATALOGUES as CATALOGUES
from teameval.i18n import _PLURALS as PLURALS
from teameval.i18n import LANGUAGES

WEB = Path(__file__).parents[2] / "src" / "teameval" / "web"
KEY = re.compile(r"""\bt\(\s*["']([a-z0-9_]*[a-z0-9])["']""")
FLASH_KEY = re.compile(r'"(page_flash_[a-z_]+)"')


def _entry(key: str) -> dict[str, str] | None:
    """The texts of `key` per language (a plural text: its "other" form)."""
    for catalogue in CATALOGUES:
        if key in catalogue:
            return catalogue[key]
    for plurals in PLURALS:
        if key in plurals:
            return {lang: forms.get("other", "") for lang, forms in plurals[key].items()}
    return None


def test_every_template_key_has_dutch_and_english() -> None:
    used: set[str] = set()
    for path in [*WEB.rglob("*.html"), *WEB.rglob("*.py")]:
        text = path.read_text()
        used |= set(KEY.findall(text)) | set(FLASH_KEY.findall(text))
    assert len(used) > 50
    missing = sorted(k for k in used if _entry(k) is None)
    assert not missing, f"keys without a text: {missing}"
    for key in used:
        entry = _entry(key)
        assert entry is not None
        for lang in LANGUAGES:
            assert entry.get(lang), f"{key} has no {lang} text"


def test_status_names_built_in_templates_exist() -> None:
    for status in ("draft", "open", "closed"):
        assert _entry(f"evaluation_status_{status}") is not None
