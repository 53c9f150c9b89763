"""Every transition of the verification lifecycle, allowed and refused, with its history and notifications."""

import pytest
from django.core.exceptions import ValidationError

from artisans import services
from artisans.models import VERIFICATION, Artisan, ArtisanStatusChange
from craftmarket.common.errors import PermissionDenied, TransitionNotAllowed
from tests.artisans.factories import CompleteArtisanFactory, moderator
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

S = Artisan.Status
MODERATOR_ACTIONS = {
    S.VERIFIED: services.artisan_verify,
    S.CHANGES_REQUESTED: services.artisan_request_changes,
    S.SUSPENDED: services.artisan_suspend,
}


def _history(artisan):
    return list(
        ArtisanStatusChange.objects.filter(artisan=artisan)
        .order_by("pk")
        .values_list("from_status", "to_status", "actor_id", "reason")
    )


def test_the_transition_table_is_exactly_the_documented_lifecycle():
    assert {k: set(v) for k, v in VERIFICATION.transitions.items()} == {
        S.DRAFT: {S.SUBMITTED},
        S.SUBMITTED: {S.VERIFIED, S.CHANGES_REQUESTED},
        S.CHANGES_REQUESTED: {S.SUBMITTED},
        S.VERIFIED: {S.SUSPENDED, S.SUBMITTED},
        S.SUSPENDED: {S.VERIFIED},
    }


def test_draft_to_submitted_to_changes_requested_to_submitted_to_verified(notified):
    artisan = CompleteArtisanFactory()
    mod = moderator()
    services.artisan_submit(artisan=artisan, by=artisan.user)
    assert artisan.status == S.SUBMITTED
    services.artisan_request_changes(artisan=artisan, by=mod, reason="Foto KTP tidak jelas.")
    assert artisan.status == S.CHANGES_REQUESTED
    services.artisan_submit(artisan=artisan, by=artisan.user)
    services.artisan_verify(artisan=artisan, by=mod)
    artisan.refresh_from_db()
    assert artisan.status == S.VERIFIED
    assert artisan.verified_at is not None
    owner = artisan.user.pk
    assert _history(artisan) == [
        (S.DRAFT, S.SUBMITTED, owner, ""),
        (S.SUBMITTED, S.CHANGES_REQUESTED, mod.pk, "Foto KTP tidak jelas."),
        (S.CHANGES_REQUESTED, S.SUBMITTED, owner, ""),
        (S.SUBMITTED, S.VERIFIED, mod.pk, ""),
    ]
    artisan_events = [(event, users) for event, users, _ctx in notified if event.startswith("profile_")]
    assert artisan_events == [("profile_changes_requested", [owner]), ("profile_verified", [owner])]
    assert notified[1][2]["reason"] == "Foto KTP tidak jelas."
    assert [event for event, *_ in notified].count("review_waiting") == 2


def test_verified_to_suspended_to_verified(notified):
    artisan = CompleteArtisanFactory(status=S.VERIFIED)
    mod = moderator()
    services.artisan_suspend(artisan=artisan, by=mod, reason="Laporan pembeli.")
    assert Artisan.objects.get(pk=artisan.pk).status == S.SUSPENDED
    services.artisan_reinstate(artisan=artisan, by=mod)
    assert Artisan.objects.get(pk=artisan.pk).status == S.VERIFIED
    assert [e for e, *_ in notified] == ["profile_suspended", "profile_verified"]
    assert _history(artisan) == [
        (S.VERIFIED, S.SUSPENDED, mod.pk, "Laporan pembeli."),
        (S.SUSPENDED, S.VERIFIED, mod.pk, ""),
    ]


ALLOWED = {
    (S.DRAFT, "submit"),
    (S.CHANGES_REQUESTED, "submit"),
    (S.SUBMITTED, "verify"),
    (S.SUBMITTED, "request_changes"),
    (S.VERIFIED, "suspend"),
    (S.SUSPENDED, "reinstate"),
}
ACTIONS = ["submit", "verify", "request_changes", "suspend", "reinstate"]


REFUSED = [(status, action) for status in S for action in ACTIONS if (status, action) not in ALLOWED]


@pytest.mark.parametrize("status,action", REFUSED)
def test_each_action_is_refused_from_every_other_state(status, action, notified):
    artisan = CompleteArtisanFactory(status=status)
    mod = moderator()
    by = artisan.user if action == "submit" else mod
    service = getattr(services, f"artisan_{action}")
    with pytest.raises(TransitionNotAllowed):
        service(artisan=artisan, by=by, reason="alasan")
    assert Artisan.objects.get(pk=artisan.pk).status == status
    assert not ArtisanStatusChange.objects.exists()
    assert notified == []


@pytest.mark.parametrize("status,action", sorted(ALLOWED))
def test_each_allowed_action_moves_exactly_one_step(status, action, notified):
    artisan = CompleteArtisanFactory(status=status)
    by = artisan.user if action == "submit" else moderator()
    getattr(services, f"artisan_{action}")(artisan=artisan, by=by, reason="alasan")
    change = ArtisanStatusChange.objects.get()
    assert (change.from_status, change.to_status) == (status, Artisan.objects.get(pk=artisan.pk).status)


def test_request_changes_needs_a_reason(notified):
    artisan = CompleteArtisanFactory(status=S.SUBMITTED)
    with pytest.raises(ValidationError) as exc:
        services.artisan_request_changes(artisan=artisan, by=moderator(), reason="   ")
    assert exc.value.message_dict == {"reason": ["Tell the artisan what to change."]}
    assert Artisan.objects.get(pk=artisan.pk).status == S.SUBMITTED
    assert not ArtisanStatusChange.objects.exists()
    assert notified == []


@pytest.mark.parametrize("action", ["verify", "request_changes", "suspend", "reinstate"])
def test_moderator_actions_are_refused_to_the_owner_and_to_other_users(action):
    start = {"verify": S.SUBMITTED, "request_changes": S.SUBMITTED, "suspend": S.VERIFIED, "reinstate": S.SUSPENDED}
    artisan = CompleteArtisanFactory(status=start[action])
    for by in (artisan.user, UserFactory(is_staff=True)):
        with pytest.raises(PermissionDenied):
            getattr(services, f"artisan_{action}")(artisan=artisan, by=by, reason="x")
    assert Artisan.objects.get(pk=artisan.pk).status == start[action]
    assert not ArtisanStatusChange.objects.exists()


def test_a_moderator_cannot_verify_their_own_profile():
    mod = moderator()
    artisan = CompleteArtisanFactory(user=mod, status=S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.artisan_verify(artisan=artisan, by=mod)
    assert Artisan.objects.get(pk=artisan.pk).status == S.SUBMITTED


def test_only_the_owner_submits():
    artisan = CompleteArtisanFactory()
    with pytest.raises(PermissionDenied):
        services.artisan_submit(artisan=artisan, by=moderator())
    assert Artisan.objects.get(pk=artisan.pk).status == S.DRAFT


def test_an_incomplete_profile_cannot_be_submitted_and_says_what_is_missing():
    artisan = CompleteArtisanFactory(nib="", story="", categories=[])
    with pytest.raises(ValidationError) as exc:
        services.artisan_submit(artisan=artisan, by=artisan.user)
    assert set(exc.value.message_dict) == {"nib", "story", "categories"}
    assert Artisan.objects.get(pk=artisan.pk).status == S.DRAFT
    assert not ArtisanStatusChange.objects.exists()


def test_an_unverified_email_cannot_submit():
    artisan = CompleteArtisanFactory(user__email_verified=False)
    with pytest.raises(ValidationError) as exc:
        services.artisan_submit(artisan=artisan, by=artisan.user)
    assert list(exc.value.message_dict) == ["email"]
    assert Artisan.objects.get(pk=artisan.pk).status == S.DRAFT


@pytest.mark.parametrize("field,value", [("business_name", "Koperasi Baru"), ("nib", "9129999999999")])
def test_changing_a_legal_field_of_a_verified_profile_sends_it_back_to_review(field, value, notified):
    artisan = CompleteArtisanFactory(status=S.VERIFIED)
    services.artisan_update(artisan=artisan, by=artisan.user, data={field: value})
    artisan.refresh_from_db()
    assert artisan.status == S.SUBMITTED
    assert getattr(artisan, field) == value
    change = ArtisanStatusChange.objects.get()
    assert (change.from_status, change.to_status, change.actor_id) == (S.VERIFIED, S.SUBMITTED, artisan.user.pk)
    assert [e for e, *_ in notified] == ["review_waiting"]


def test_changing_the_business_type_of_a_verified_profile_sends_it_back_to_review():
    artisan = CompleteArtisanFactory(status=S.VERIFIED)
    services.artisan_update(artisan=artisan, by=artisan.user, data={"business_type": "cooperative"})
    assert Artisan.objects.get(pk=artisan.pk).status == S.SUBMITTED


def test_editing_story_and_other_public_fields_keeps_a_verified_profile_verified(notified):
    artisan = CompleteArtisanFactory(status=S.VERIFIED)
    services.artisan_update(
        artisan=artisan,
        by=artisan.user,
        data={"story": "Cerita baru.", "workers": 12, "materials": ["pandan"], "business_name": artisan.business_name},
    )
    artisan.refresh_from_db()
    assert artisan.status == S.VERIFIED
    assert (artisan.story, artisan.workers, artisan.materials) == ("Cerita baru.", 12, ["pandan"])
    assert not ArtisanStatusChange.objects.exists()
    assert notified == []
