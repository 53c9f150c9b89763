"""The admin asks staff for a TOTP code; staff without a verified device are treated as not staff."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, UserFactory
from tests.security.otp import current_token, otp_force_login, totp_device

pytestmark = pytest.mark.django_db

ADMIN = f"/{settings.ADMIN_URL}"


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.OTP_ADMIN_REQUIRED = True


def _login(client, email: str, password: str, token: str = ""):
    return client.post(f"{ADMIN}login/", {"username": email, "password": password, "otp_token": token})


def test_staff_with_password_and_current_code_reaches_the_admin(client, staff):
    device = totp_device(staff)

    response = _login(client, staff.email, PASSWORD, current_token(device))

    assert response.status_code == 302
    assert client.get(ADMIN).status_code == 200


def test_password_alone_is_not_enough(client, staff):
    totp_device(staff)

    response = _login(client, staff.email, PASSWORD)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.get(ADMIN).status_code == 302


def test_a_wrong_code_is_refused(client, staff):
    device = totp_device(staff)
    wrong = f"{(int(current_token(device)) + 1) % 1_000_000:06d}"

    assert _login(client, staff.email, PASSWORD, wrong).status_code == 200
    assert "_auth_user_id" not in client.session


def test_staff_without_a_device_cannot_enter(client, staff):
    assert _login(client, staff.email, PASSWORD, "123456").status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_password_only_session_is_not_admin_access(client, staff):
    totp_device(staff)
    client.force_login(staff)  # e.g. logged in at /accounts/login/ with the password only

    response = client.get(ADMIN)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{ADMIN}login/")


def test_verified_session_helper_for_other_tests(client, staff):
    otp_force_login(client, staff, totp_device(staff))
    assert client.get(ADMIN).status_code == 200


def test_two_factor_can_be_switched_off_for_local_development(client, staff, settings):
    settings.OTP_ADMIN_REQUIRED = False
    client.force_login(staff)
    assert client.get(ADMIN).status_code == 200


def test_otp_enrol_creates_a_confirmed_device_and_prints_the_link(staff, capsys):
    call_command("otp_enrol", staff.email)

    device = TOTPDevice.objects.get(user=staff)
    assert device.confirmed
    out = capsys.readouterr().out
    assert "otpauth://totp/" in out
    assert "secret (base32): " in out


def test_otp_enrol_refuses_a_second_device_without_replace_and_buyers(staff):
    call_command("otp_enrol", staff.email)
    with pytest.raises(CommandError, match="already has a TOTP device"):
        call_command("otp_enrol", staff.email)
    first = TOTPDevice.objects.get(user=staff).pk
    call_command("otp_enrol", staff.email, "--replace")
    assert list(TOTPDevice.objects.filter(user=staff).values_list("pk", flat=True)) != [first]

    buyer = UserFactory(email="rina@example.id")
    with pytest.raises(CommandError, match="not staff"):
        call_command("otp_enrol", buyer.email)
    assert not TOTPDevice.objects.filter(user=buyer).exists()
