"""The whole account path in Arabic, as a person does it in the browser."""
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.conftest import link_in, outbox

PASSWORD = "كلمة مرور طويلة وسهلة التذكر"
NEW_PASSWORD = "another rather long passphrase"


def portal_path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def link_from_latest_mail(app, email: str) -> str:
    return link_in(outbox(app, email)[-1])


def sign_in(page, email: str, password: str) -> None:
    page.get_by_label("البريد الإلكتروني").fill(email)
    page.get_by_label("كلمة المرور").fill(password)
    page.get_by_role("button", name="تسجيل الدخول").click()


def test_register_confirm_sign_in_out_reset_and_lockout_in_arabic(app, arabic_page):
    page = arabic_page
    page.goto("/")
    assert portal_path(page.url) == "/ar/"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"

    page.get_by_role("link", name="إنشاء حساب").first.click()
    page.get_by_label("الاسم الكامل").fill("هدى عبدي")
    page.get_by_label("البريد الإلكتروني").fill("huda@example.org")
    page.get_by_label("كلمة المرور", exact=True).fill(PASSWORD)
    page.get_by_label("أعِد كتابة كلمة المرور").fill(PASSWORD)
    page.get_by_role("button", name="إنشاء حسابي").click()
    expect(page.get_by_role("heading", name="تحقق من بريدك")).to_be_visible()

    [confirmation] = outbox(app, "huda@example.org")
    assert confirmation.locale == "ar"
    page.goto(link_from_latest_mail(app, "huda@example.org"))
    expect(page.get_by_text("تم تأكيد عنوان بريدك الإلكتروني")).to_be_visible()

    sign_in(page, "huda@example.org", PASSWORD)
    expect(page.get_by_text("مرحبًا، هدى عبدي.")).to_be_visible()
    assert page.locator("html").get_attribute("dir") == "rtl"

    page.get_by_role("button", name="تسجيل الخروج").click()
    expect(page.get_by_text("تم تسجيل خروجك.")).to_be_visible()
    expect(page.get_by_role("navigation", name="القائمة الرئيسية").get_by_role("link", name="تسجيل الدخول")).to_be_visible()

    # Forgotten password: a link by mail, a new password, and the old one no longer works.
    page.goto("/ar/login")
    page.get_by_role("link", name="نسيت كلمة المرور؟").click()
    page.get_by_label("البريد الإلكتروني").fill("huda@example.org")
    page.get_by_role("button", name="أرسل الرابط").click()
    page.goto(link_from_latest_mail(app, "huda@example.org"))
    page.get_by_label("كلمة المرور", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("أعِد كتابة كلمة المرور").fill(NEW_PASSWORD)
    page.get_by_role("button", name="احفظ كلمة المرور الجديدة").click()
    expect(page.get_by_text("تم تغيير كلمة المرور.")).to_be_visible()
    assert portal_path(page.url) == "/ar/login"

    # Five wrong guesses lock the address; then even the right password is refused.
    for _ in range(5):
        sign_in(page, "huda@example.org", PASSWORD)
    expect(page.get_by_text("محاولات فاشلة كثيرة.")).to_be_visible()
    sign_in(page, "huda@example.org", NEW_PASSWORD)
    page.wait_for_load_state()
    expect(page.get_by_text("محاولات فاشلة كثيرة.")).to_be_visible()
    expect(page.get_by_role("button", name="تسجيل الخروج")).to_have_count(0)
    assert page.locator("html").get_attribute("dir") == "rtl"


def test_the_language_switcher_keeps_the_page(page):
    page.goto("/ar/register")
    page.get_by_role("link", name="Français").click()
    assert portal_path(page.url) == "/fr/register"
    assert page.locator("html").get_attribute("dir") == "ltr"
    expect(page.get_by_role("heading", name="Créer un compte")).to_be_visible()
