"""Login throttling that survives CGNAT: an account locks after failures from anywhere, earlier on one address; an
address alone is only slowed down (a rising delay, given as ``Retry-After``), except at the admin, which also
locks an address. Every path goes through it: the browser login, the API token endpoint and the admin login.

The limits are pinned by the ``limits`` fixture, so the tests do not depend on the environment."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from rest_framework.authtoken.models import Token

from craftmarket.security.address_throttle import address_failures
from craftmarket.security.login_throttle import limits_for
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("axes_on", "limits")]

WRONG = "Salah-Sandi-Rahasia-99"
ACCOUNT_LIMIT = 10
PAIR_LIMIT = 5
IP_FREE = 30
ADMIN_ACCOUNT_LIMIT = 5
ADMIN_PAIR_LIMIT = 3
ADMIN_IP_LIMIT = 10
CGNAT = "36.85.10.1"  # one carrier address in front of many phones


@pytest.fixture
def limits(settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = ACCOUNT_LIMIT
    settings.LOGIN_PAIR_FAILURE_LIMIT = PAIR_LIMIT
    settings.LOGIN_IP_FREE_FAILURES = IP_FREE
    settings.LOGIN_IP_FIRST_DELAY_SECONDS = 1
    settings.LOGIN_IP_MAX_DELAY_SECONDS = 60
    settings.LOGIN_IP_WINDOW_MINUTES = 60
    settings.ADMIN_LOGIN_ACCOUNT_FAILURE_LIMIT = ADMIN_ACCOUNT_LIMIT
    settings.ADMIN_LOGIN_PAIR_FAILURE_LIMIT = ADMIN_PAIR_LIMIT
    settings.ADMIN_LOGIN_IP_FAILURE_LIMIT = ADMIN_IP_LIMIT


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def locked() -> str:
    """The account lockout message in the active language (Indonesian unless the test asks for English)."""
    return gettext("Too many failed login attempts. Try again in %(minutes)d minutes.") % {"minutes": 15}


def _browser_login(client, email: str, password: str, ip: str):
    return client.post("/accounts/login/", {"username": email, "password": password}, REMOTE_ADDR=ip)


def _admin_login(client, email: str, password: str, ip: str):
    return client.post(f"/{settings.ADMIN_URL}login/", {"username": email, "password": password}, REMOTE_ADDR=ip)


def _token(client, email: str, password: str, ip: str):
    return client.post(
        "/api/v1/auth/token/", {"email": email, "password": password}, content_type="application/json", REMOTE_ADDR=ip
    )


def _spray(client, count: int, ip: str, login=_browser_login, start: int = 0) -> list[int]:
    """Failed logins for ``count`` different accounts from one address."""
    return [login(client, f"tebakan{start + n}@example.id", WRONG, ip).status_code for n in range(count)]


def _site_failures(ip: str) -> int:
    return address_failures(rule=limits_for(RequestFactory().post("/accounts/login/")).address, ip=ip)


# --- (1) one person's mistakes do not lock their neighbours out ------------------------------------------------


def test_a_users_failures_do_not_stop_another_user_on_the_same_address(client):
    ani = UserFactory(email="ani@example.id")
    budi = UserFactory(email="budi@example.id")
    statuses = [_browser_login(client, ani.email, WRONG, CGNAT).status_code for _ in range(PAIR_LIMIT)]
    assert statuses == [200] * (PAIR_LIMIT - 1) + [429]  # the failure that reaches the limit is already refused

    assert _browser_login(client, ani.email, PASSWORD, CGNAT).status_code == 429  # Ani, on this address: locked
    response = _browser_login(client, budi.email, PASSWORD, CGNAT)  # Budi, same carrier address: fine

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(budi.pk)


def test_an_account_locked_on_one_address_can_still_sign_in_from_another(client):
    ani = UserFactory(email="ani@example.id")
    for _ in range(PAIR_LIMIT):
        _browser_login(client, ani.email, WRONG, CGNAT)

    assert _browser_login(client, ani.email, PASSWORD, "10.9.9.9").status_code == 302


def test_api_tokens_a_users_failures_do_not_stop_another_user_on_the_same_address(client):
    ani = UserFactory(email="ani@example.id")
    budi = UserFactory(email="budi@example.id")
    statuses = [_token(client, ani.email, WRONG, CGNAT).status_code for _ in range(PAIR_LIMIT)]
    assert statuses == [400] * (PAIR_LIMIT - 1) + [429]

    refused = _token(client, ani.email, PASSWORD, CGNAT)
    assert refused.status_code == 429
    assert refused.json() == {"detail": locked(), "code": "locked_out"}
    assert not Token.objects.filter(user=ani).exists()
    assert _token(client, budi.email, PASSWORD, CGNAT).status_code == 200


def test_many_users_mistyping_behind_one_address_are_never_slowed(client):
    users = [UserFactory(email=f"pengrajin{n}@example.id") for n in range(IP_FREE // 2)]  # exactly the free ones
    for user in users:  # every one mistypes twice on the same carrier address, then gets it right
        assert [_browser_login(client, user.email, WRONG, CGNAT).status_code for _ in range(2)] == [200, 200]
    assert _site_failures(CGNAT) == 2 * len(users)
    for user in users:
        assert _browser_login(client, user.email, PASSWORD, CGNAT).status_code == 302
        assert client.session["_auth_user_id"] == str(user.pk)
        client.logout()


# --- (2) a guessing run against one account is stopped ---------------------------------------------------------


def test_an_account_is_locked_after_failures_from_many_addresses(client):
    user = UserFactory(email="sari@example.id")
    statuses = [_browser_login(client, user.email, WRONG, f"10.0.0.{n + 1}").status_code for n in range(ACCOUNT_LIMIT)]
    assert statuses == [200] * (ACCOUNT_LIMIT - 1) + [429]

    response = _browser_login(client, user.email, PASSWORD, "10.9.9.9")  # right password, fresh address

    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert int(response["Retry-After"]) == 15 * 60
    assert locked().encode() in response.content
    assert "_auth_user_id" not in client.session


def test_api_token_an_account_is_locked_after_failures_from_many_addresses(client):
    user = UserFactory(email="sari@example.id")
    statuses = [_token(client, user.email, WRONG, f"10.0.2.{n + 1}").status_code for n in range(ACCOUNT_LIMIT)]
    assert statuses == [400] * (ACCOUNT_LIMIT - 1) + [429]

    response = _token(client, user.email, PASSWORD, "10.0.2.99")

    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": locked(), "code": "locked_out"}
    assert int(response["Retry-After"]) == 15 * 60
    assert not Token.objects.filter(user=user).exists()


def test_fewer_failures_than_the_limits_do_not_lock(client):
    user = UserFactory(email="sari@example.id")
    for n in range(ACCOUNT_LIMIT - 1):  # below the account limit, and below the pair limit on every address
        _browser_login(client, user.email, WRONG, f"10.0.0.{n % 2 + 1}" if n < 8 else "10.0.0.3")
    assert _browser_login(client, user.email, PASSWORD, "10.0.0.1").status_code == 302


def test_attempts_refused_during_a_lockout_are_not_counted(client):
    user = UserFactory(email="sari@example.id")
    for _ in range(PAIR_LIMIT):
        _browser_login(client, user.email, WRONG, CGNAT)
    attempts = list(AccessAttempt.objects.values_list("username", "ip_address", "failures_since_start"))
    address = _site_failures(CGNAT)

    for _ in range(3):
        assert _browser_login(client, user.email, WRONG, CGNAT).status_code == 429

    assert list(AccessAttempt.objects.values_list("username", "ip_address", "failures_since_start")) == attempts
    assert _site_failures(CGNAT) == address == PAIR_LIMIT


def test_lockout_ends_after_the_cool_off(client, clock):
    user = UserFactory(email="sari@example.id")
    for n in range(ACCOUNT_LIMIT):
        _browser_login(client, user.email, WRONG, f"10.0.4.{n + 1}")
    assert _browser_login(client, user.email, PASSWORD, "10.0.4.99").status_code == 429

    clock.shift(timedelta(minutes=14))
    assert _browser_login(client, user.email, PASSWORD, "10.0.4.99").status_code == 429

    clock.shift(timedelta(minutes=2))  # 16 minutes after the lockout began
    assert _browser_login(client, user.email, PASSWORD, "10.0.4.99").status_code == 302


# --- (3) a spray over many accounts from one address is slowed down, never locked ------------------------------


def test_a_spray_from_one_address_meets_a_rising_delay(client, clock):
    victim = UserFactory(email="budi@example.id")
    assert _spray(client, IP_FREE + 1, CGNAT) == [200] * (IP_FREE + 1)  # the free failures, and one more

    refused = _browser_login(client, victim.email, PASSWORD, CGNAT)  # even the right password must wait
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == 1
    assert "_auth_user_id" not in client.session

    waits = []
    for n in range(8):
        clock.shift(timedelta(seconds=int(refused["Retry-After"])))
        assert _spray(client, 1, CGNAT, start=100 + n) == [200]  # admitted once the wait is over, and wrong again
        refused = _browser_login(client, victim.email, PASSWORD, CGNAT)
        assert refused.status_code == 429
        waits.append(int(refused["Retry-After"]))
    assert waits == [2, 4, 8, 16, 32, 60, 60, 60]  # doubling, up to LOGIN_IP_MAX_DELAY_SECONDS

    clock.shift(timedelta(seconds=60))
    assert _browser_login(client, victim.email, PASSWORD, CGNAT).status_code == 302  # slowed, never locked


def test_the_address_delay_is_a_clear_429_on_the_page_and_the_api(client, clock):
    _spray(client, IP_FREE + 1, CGNAT)
    page = _browser_login(client, "budi@example.id", PASSWORD, CGNAT)
    clock.shift(timedelta(seconds=1))
    _token(client, "tebakan-api@example.id", WRONG, CGNAT)
    api = _token(client, "budi@example.id", PASSWORD, CGNAT)

    one, many = (
        "Too many failed logins from your network address. Try again in %(seconds)d second.",
        "Too many failed logins from your network address. Try again in %(seconds)d seconds.",
    )
    assert page.status_code == 429
    assert page["Content-Type"].startswith("text/html")
    assert (ngettext(one, many, 1) % {"seconds": 1}).encode() in page.content
    assert page["Retry-After"] == "1"
    assert api.status_code == 429
    assert api.json() == {"detail": ngettext(one, many, 2) % {"seconds": 2}, "code": "login_throttled"}
    assert api["Retry-After"] == "2"


def test_while_delayed_an_address_gets_one_attempt_per_wait_even_in_parallel(client, clock):
    """The admitted attempt takes the address's turn before the password is checked, so a second request in the
    same instant (a parallel burst) is refused even though the first has not failed yet."""
    user = UserFactory(email="budi@example.id")
    _spray(client, IP_FREE + 1, CGNAT)  # one failure past the free ones: 1 second to wait
    clock.shift(timedelta(seconds=1))

    assert _browser_login(client, user.email, PASSWORD, CGNAT).status_code == 302  # took the turn and succeeded
    second = _browser_login(Client(), "tebakan@example.id", WRONG, CGNAT)  # another phone on the address
    assert second.status_code == 429
    assert second["Retry-After"] == "1"
    assert _site_failures(CGNAT) == IP_FREE + 1  # the refused attempt was not counted


def test_a_delayed_address_does_not_slow_other_addresses(client):
    user = UserFactory(email="budi@example.id")
    _spray(client, IP_FREE + 1, CGNAT)
    assert _browser_login(client, user.email, PASSWORD, CGNAT).status_code == 429
    assert _browser_login(client, user.email, PASSWORD, "10.0.3.2").status_code == 302


def test_an_address_is_forgotten_a_window_after_its_last_failure(client, clock):
    user = UserFactory(email="budi@example.id")
    _spray(client, IP_FREE + 1, CGNAT)
    assert _browser_login(client, user.email, PASSWORD, CGNAT).status_code == 429
    clock.shift(timedelta(minutes=61))
    assert _site_failures(CGNAT) == 0
    assert _browser_login(client, user.email, PASSWORD, CGNAT).status_code == 302


def test_axes_reset_ip_lifts_an_address_delay(client):
    user = UserFactory(email="budi@example.id")
    _spray(client, IP_FREE + 1, CGNAT)
    assert _browser_login(client, user.email, PASSWORD, CGNAT).status_code == 429

    call_command("axes_reset_ip", CGNAT)

    assert _site_failures(CGNAT) == 0
    assert _browser_login(client, user.email, PASSWORD, CGNAT).status_code == 302


# --- (4) the admin is stricter -------------------------------------------------------------------------------


def test_admin_locks_an_account_after_fewer_failures_from_many_addresses(client):
    staff = UserFactory(email="dewi@dekranas.id", is_staff=True)
    statuses = [
        _admin_login(client, staff.email, WRONG, f"10.0.1.{n + 1}").status_code for n in range(ADMIN_ACCOUNT_LIMIT)
    ]
    assert statuses == [200] * (ADMIN_ACCOUNT_LIMIT - 1) + [429]

    response = _admin_login(client, staff.email, PASSWORD, "10.0.1.99")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_admin_locks_an_account_on_one_address_after_fewer_failures(client):
    staff = UserFactory(email="dewi@dekranas.id", is_staff=True)
    statuses = [_admin_login(client, staff.email, WRONG, CGNAT).status_code for _ in range(ADMIN_PAIR_LIMIT)]
    assert statuses == [200] * (ADMIN_PAIR_LIMIT - 1) + [429]
    assert _admin_login(client, staff.email, PASSWORD, CGNAT).status_code == 429
    assert _admin_login(client, staff.email, PASSWORD, "10.0.1.99").status_code == 302


def test_admin_locks_an_address_that_tries_many_accounts(client, clock):
    staff = UserFactory(email="dewi@dekranas.id", is_staff=True)
    assert _spray(client, ADMIN_IP_LIMIT, "10.0.6.1", login=_admin_login) == [200] * ADMIN_IP_LIMIT

    refused = _admin_login(client, staff.email, PASSWORD, "10.0.6.1")
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(15 * 60)
    message = ngettext(
        "Too many failed logins from your network address. Try again in %(minutes)d minute.",
        "Too many failed logins from your network address. Try again in %(minutes)d minutes.",
        15,
    )
    assert (message % {"minutes": 15}).encode() in refused.content
    assert _admin_login(client, staff.email, PASSWORD, "10.0.6.2").status_code == 302  # other address: fine
    client.logout()

    clock.shift(timedelta(minutes=14))
    assert _admin_login(client, staff.email, PASSWORD, "10.0.6.1").status_code == 429
    clock.shift(timedelta(minutes=1))
    assert _admin_login(client, staff.email, PASSWORD, "10.0.6.1").status_code == 302


def test_site_failures_on_an_address_do_not_count_against_its_admin_login(client):
    staff = UserFactory(email="dewi@dekranas.id", is_staff=True)
    _spray(client, IP_FREE, CGNAT)  # a busy carrier address, with all its free site failures spent
    assert _admin_login(client, staff.email, PASSWORD, CGNAT).status_code == 302


# --- (5) success clears the account's failures, never the address's -------------------------------------------


def test_a_successful_login_clears_the_accounts_failures(client):
    user = UserFactory(email="wulan@example.id")
    for _ in range(PAIR_LIMIT - 1):
        assert _browser_login(client, user.email, WRONG, CGNAT).status_code == 200
    assert _browser_login(client, user.email, PASSWORD, CGNAT).status_code == 302
    client.logout()
    assert not AccessAttempt.objects.filter(username=user.email).exists()

    statuses = [_browser_login(client, user.email, WRONG, CGNAT).status_code for _ in range(PAIR_LIMIT - 1)]
    assert statuses == [200] * (PAIR_LIMIT - 1)
    assert _browser_login(client, user.email, PASSWORD, CGNAT).status_code == 302


def test_a_successful_token_request_clears_the_accounts_failures(client):
    """Like a browser login: failures, one success, and as many failures again do not lock the account."""
    user = UserFactory(email="wulan@example.id")
    for n in range(ACCOUNT_LIMIT - 1):
        assert _token(client, user.email, WRONG, f"10.0.4.{n + 1}").status_code == 400
    assert _token(client, user.email, PASSWORD, "10.0.4.50").status_code == 200
    statuses = [_token(client, user.email, WRONG, f"10.0.5.{n + 1}").status_code for n in range(ACCOUNT_LIMIT - 1)]
    assert statuses == [400] * (ACCOUNT_LIMIT - 1)
    assert _token(client, user.email, PASSWORD, "10.0.5.50").status_code == 200


def test_a_successful_login_does_not_clear_the_addresss_failures(client):
    """Otherwise a sprayer with one account of their own could wipe their address's count by signing in."""
    own = UserFactory(email="penyemprot@example.id")
    _spray(client, IP_FREE, CGNAT)
    assert _browser_login(client, own.email, PASSWORD, CGNAT).status_code == 302
    client.logout()
    assert _site_failures(CGNAT) == IP_FREE

    assert _spray(client, 1, CGNAT, start=500) == [200]
    assert _browser_login(client, own.email, PASSWORD, CGNAT).status_code == 429


# --- audit log ----------------------------------------------------------------------------------------------


def test_failed_logins_and_lockouts_are_logged_without_the_password(client, caplog):
    user = UserFactory(email="sari@example.id")
    caplog.set_level(logging.INFO)
    for n in range(ACCOUNT_LIMIT):
        _token(client, user.email, WRONG, f"10.0.5.{n + 1}")
    _browser_login(client, user.email, PASSWORD, "10.0.5.99")

    security = [r.getMessage() for r in caplog.records if r.name == "craftmarket.security"]
    assert sum("login failed username='sari@example.id'" in line for line in security) >= ACCOUNT_LIMIT
    assert any("login locked out username='sari@example.id'" in line for line in security)
    assert any(line.startswith("access refused status=429 POST /accounts/login/") for line in security)
    assert WRONG not in caplog.text
    assert PASSWORD not in caplog.text


def test_a_pair_lockout_is_logged_with_the_account_and_address(client, caplog):
    user = UserFactory(email="sari@example.id")
    caplog.set_level(logging.WARNING)
    for _ in range(PAIR_LIMIT):
        _browser_login(client, user.email, WRONG, CGNAT)

    security = [r.getMessage() for r in caplog.records if r.name == "craftmarket.security"]
    assert any(f"login locked out username='sari@example.id' ip={CGNAT}" in line for line in security)


# --- cost -------------------------------------------------------------------------------------------------------


def test_a_refused_attempt_costs_few_queries_and_a_failure_a_bounded_number(client, django_assert_max_num_queries):
    user = UserFactory(email="budi@example.id")
    _spray(client, IP_FREE + 1, CGNAT)
    with django_assert_max_num_queries(3):  # the two lock counts and the session; the password is never checked
        assert _browser_login(client, user.email, PASSWORD, CGNAT).status_code == 429
    with django_assert_max_num_queries(14):  # axes' attempt row and counts, the user, the page
        assert _browser_login(client, user.email, WRONG, "10.0.7.1").status_code == 200
