"""The Arabic and French catalogues hold every interface string, translated, none fuzzy."""
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def source_messages() -> set[tuple[str, str | None]]:
    """Every message of the sources with its context (pgettext's first argument), if any."""
    method_map = [("portal/**.py", "python"), ("portal/**/templates/**.html", "jinja2"), ("portal/**/templates/**.txt", "jinja2")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None,
                "pgettext": ((1, "c"), 2), "lazy_pgettext": ((1, "c"), 2)}
    found = set()
    for _filename, _lineno, message, _comments, context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=keywords
    ):
        # A plural message is filed in a catalogue under its singular.
        found.add((message if isinstance(message, str) else message[0], context))
    return found


@pytest.fixture(scope="module")
def extracted():
    return source_messages()


@pytest.mark.parametrize("locale", ["ar", "fr"])
def test_catalogue_is_complete(extracted, locale):
    with open(ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po", encoding="utf-8") as handle:
        catalogue = read_po(handle, locale=locale)
    missing = sorted(str(key) for key in extracted if catalogue.get(*key) is None)
    untranslated, fuzzy, broken = [], [], []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
        source = message.id if isinstance(message.id, str) else message.id[0]
        if any(set(PLACEHOLDER.findall(source)) != set(PLACEHOLDER.findall(s)) for s in strings if s):
            broken.append(message.id)
    assert missing == [], f"not in the {locale} catalogue (run make translations)"
    assert untranslated == [], f"untranslated in {locale}"
    assert fuzzy == [], f"fuzzy in {locale}"
    assert broken == [], f"placeholders differ in {locale}"


def test_short_words_used_in_two_senses_are_told_apart_by_their_context(extracted):
    # The outbox's "Failed" is «فشل الإرسال»; a checklist item that fails is «غير مستوفى».
    assert {("Failed", "mail state"), ("Failed", "checklist result"), ("Comment", "remark"), ("Suspend", "action")} <= extracted
    assert ("Failed", None) not in extracted and ("Comment", None) not in extracted
