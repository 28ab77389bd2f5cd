"""The portal's URLs, under /portal/."""

from django.urls import path

from meetings.portal import accounts, mission, registrations, tokens

app_name = "portal"

urlpatterns = [
    path("", mission.home, name="home"),
    path("sign-in/", accounts.SignInView.as_view(), name="login"),
    path("sign-out/", accounts.SignOutView.as_view(), name="logout"),
    path("password/", accounts.PasswordResetView.as_view(), name="password-reset"),
    path("password/sent/", accounts.password_reset_sent, name="password-reset-sent"),
    path(
        "password/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("invitations/<str:token>/", accounts.invitation_accept, name="invitation-accept"),
    path("two-factor/", accounts.two_factor, name="two-factor"),
    path("two-factor/setup/", accounts.two_factor_setup, name="two-factor-setup"),
    path("users/", mission.users, name="users"),
    path("users/<int:pk>/remove/", mission.user_remove, name="user-remove"),
    path("users/<int:pk>/role/", mission.user_role, name="user-role"),
    path("invitations/<int:pk>/withdraw/", mission.invitation_revoke, name="invitation-revoke"),
    path("documents/", mission.documents, name="documents"),
    path("api-token/", tokens.api_token, name="api-token"),
    path("api-token/<int:pk>/revoke/", tokens.api_token_revoke, name="api-token-revoke"),
    path("registrations/", registrations.registrations, name="registrations"),
    path("registrations/<slug:key>/", registrations.registration, name="registration"),
    path("registrations/<slug:key>/delegates/", registrations.delegate_add, name="delegate-add"),
    path(
        "registrations/<slug:key>/delegates/<int:pk>/remove/",
        registrations.delegate_remove,
        name="delegate-remove",
    ),
    path("registrations/<slug:key>/letter/", registrations.letter_download, name="letter"),
    path(
        "registrations/<slug:key>/letter/upload/",
        registrations.letter_upload,
        name="letter-upload",
    ),
    path("registrations/<slug:key>/submit/", registrations.submit, name="registration-submit"),
    path(
        "registrations/<slug:key>/withdraw/", registrations.withdraw, name="registration-withdraw"
    ),
]
