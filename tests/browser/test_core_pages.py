import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_passes_axe_in_english_and_welsh(page, live_server, axe):
    page.goto(live_server.url + "/")
    assert page.get_attribute("html", "lang") == "en"
    axe(page, context="home (en)")
    page.click("text=Cymraeg")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "cy"
    axe(page, context="home (cy)")


def test_password_change_passes_axe_in_english_and_welsh(page, live_server, axe, login, django_user_model):
    django_user_model.objects.create_user("pwuser", password="initial-Pass-2026")
    login("pwuser", "initial-Pass-2026")
    page.goto(live_server.url + "/accounts/password/")
    axe(page, context="change password (en)")
    page.click("text=Cymraeg")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "cy"
    assert "Newid eich cyfrinair" in page.inner_text("h1")
    axe(page, context="change password (cy)")
    page.fill("#id_old_password", "initial-Pass-2026")
    page.fill("#id_new_password1", "New-Pass-9182x")
    page.fill("#id_new_password2", "New-Pass-9182x")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith("/accounts/password/done/")
    axe(page, context="password changed (cy)")
