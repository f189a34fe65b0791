from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Accounts and roles managed by the board of each level, not in the Django admin."""

    name = "ketnap.accounts"
    label = "accounts"
    verbose_name = "Tài khoản và vai trò"

    def ready(self) -> None:
        from ketnap.accounts.services import may_manage_accounts
        from ketnap.web.navigation import ACCOUNT, NavItem, add

        add(NavItem("Tài khoản", "accounts:list", "person-gear", visible=may_manage_accounts, order=90, group=ACCOUNT))
