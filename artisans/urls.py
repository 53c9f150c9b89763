from django.contrib.auth import views as auth_views
from django.urls import include, path

from artisans import views
from artisans.forms import LoginForm

public_patterns = [
    path("", views.artisan_list, name="list"),
    path("<slug:slug>/", views.artisan_detail, name="detail"),
]

studio_patterns = [
    path("", views.studio_dashboard, name="dashboard"),
    path("profile/", views.studio_profile, name="profile"),
    path("profile/submit/", views.studio_submit, name="submit"),
    path("certifications/", views.studio_certifications, name="certifications"),
    path("certifications/new/", views.studio_certification_form, name="certification-add"),
    path("certifications/<int:pk>/edit/", views.studio_certification_form, name="certification-edit"),
    path("certifications/<int:pk>/delete/", views.studio_certification_delete, name="certification-delete"),
    path("certifications/<int:pk>/document/", views.certification_document, name="certification-document"),
]

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/", views.account, name="account"),
    path("accounts/verify-email/resend/", views.resend_verification, name="verify-email-resend"),
    path("accounts/verify-email/<str:token>/", views.verify_email, name="verify-email"),
    path("accounts/become-artisan/", views.apply, name="apply"),
    path("accounts/password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password/reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("artisans/", include((public_patterns, "artisans"))),
    path("studio/", include((studio_patterns, "studio"))),
]
