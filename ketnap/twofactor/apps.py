from django.apps import AppConfig


class TwoFactorConfig(AppConfig):
    """Two-factor sign-in (django-otp, TOTP + ten one-time recovery codes).

    Required for the roles that hold a province's personal data (organising board,
    standing committee, inspection) and for superusers when `REQUIRE_2FA` is on; any
    other user may opt in. Kept apart from account management (`ketnap/accounts/`)."""

    name = "ketnap.twofactor"
    label = "twofactor"
    verbose_name = "Xác thực hai lớp"

    def ready(self) -> None:
        from ketnap.web.navigation import ACCOUNT, NavItem, add

        add(NavItem("Xác thực hai lớp", "twofactor:setup", "shield-lock", order=95, group=ACCOUNT))
