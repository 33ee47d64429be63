"""A need's whole path in Arabic: posted, returned, corrected, published, found."""
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.organizations_helpers import make_organization


def signed_in_page(browser, live_server, email):
    page = browser.new_context(base_url=live_server, locale="ar").new_page()
    page.goto("/ar/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name="تسجيل الدخول").click()
    return page


def test_post_return_correct_publish_and_find_a_need_in_arabic(app, browser, live_server, make_user):
    charity = make_user(email="hodan@example.org", name="Hodan", locale="ar")
    make_user(email="officer@example.org", name="Youssef", role="officer", locale="ar")
    make_organization(app, charity, state="verified")

    author = signed_in_page(browser, live_server, "hodan@example.org")
    author.get_by_role("link", name="الاحتياجات", exact=True).click()
    author.get_by_role("link", name="نشر احتياج").click()
    author.get_by_label("العنوان بالعربية").fill("ترميم مدرسة في بيدوا")
    author.get_by_label("الوصف بالعربية").fill("انهار سقف المدرسة بعد الفيضانات، ويدرس ثلاثمئة طفل في العراء.")
    author.get_by_label("التربية — المباني والتجهيزات المدرسية").check()
    author.locator("#country_code").select_option("SO")
    author.get_by_label("المنطقة").fill("بيدوا")
    author.get_by_label("الأطفال", exact=True).check()
    author.get_by_label("عدد المستفيدين").fill("300")
    author.locator("#urgency").select_option("critical")
    author.get_by_label("التكلفة التقديرية").fill("18000")
    author.locator("#start_date").fill(date.today().isoformat())
    author.locator("#end_date").fill((date.today() + timedelta(days=120)).isoformat())
    author.get_by_role("button", name="حفظ").click()
    expect(author.get_by_text("حُفظ احتياجك مسودةً.")).to_be_visible()
    author.get_by_role("button", name="إرسال للمراجعة").click()
    need_path = author.url.removeprefix(live_server)

    officer = signed_in_page(browser, live_server, "officer@example.org")
    officer.get_by_role("link", name="احتياجات للمراجعة").click()
    officer.get_by_role("link", name="ترميم مدرسة في بيدوا").click()
    officer.get_by_label("ما ينبغي تعديله").fill("أضيفوا عدد الفصول المطلوب ترميمها.")
    officer.get_by_role("button", name="إعادة لإدخال تعديلات").click()
    expect(officer.get_by_text("أُعيد الاحتياج إلى صاحبه مع ملاحظتك.")).to_be_visible()

    author.goto(need_path)
    expect(author.get_by_text("أضيفوا عدد الفصول المطلوب ترميمها.")).to_be_visible()
    author.get_by_role("link", name="تعديل").click()
    author.get_by_label("الوصف بالعربية").fill("انهار سقف المدرسة بعد الفيضانات. المطلوب ترميم ستة فصول دراسية.")
    author.get_by_role("button", name="حفظ").click()
    expect(author.get_by_text("تم حفظ تعديلاتك.")).to_be_visible()
    author.get_by_role("button", name="إرسال للمراجعة").click()
    expect(author.get_by_text("مُرسل للمراجعة", exact=True)).to_be_visible()

    officer.goto(need_path)
    officer.get_by_role("button", name="نشر").click()
    expect(officer.get_by_text("منشور", exact=True)).to_be_visible()

    visitor = browser.new_context(base_url=live_server, locale="ar").new_page()
    visitor.goto("/ar/needs/")
    visitor.get_by_label("بحث").first.fill("مدرسه")
    visitor.get_by_role("button", name="بحث").click()
    expect(visitor.get_by_role("link", name="ترميم مدرسة في بيدوا")).to_be_visible()
    assert visitor.locator("html").get_attribute("dir") == "rtl"
    visitor.get_by_role("link", name="ترميم مدرسة في بيدوا").click()
    expect(visitor.get_by_text("ستة فصول دراسية")).to_be_visible()
