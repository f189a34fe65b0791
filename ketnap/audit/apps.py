from django.apps import AppConfig


class AuditConfig(AppConfig):
    """Who changed what, and who read or exported what (X2)."""

    name = "ketnap.audit"
    verbose_name = "Nhật ký"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model

        from ketnap.audit import auth_events
        from ketnap.audit.registry import register
        from ketnap.orgs.permissions import can_read_audit
        from ketnap.web.navigation import NavItem, add

        # Accounts: every change of a user (name, e-mail, active, staff, password) is audited.
        register(get_user_model(), organization=auth_events.user_organization)
        auth_events.connect()
        add(NavItem("Nhật ký", "audit:list", "journal-text", visible=can_read_audit, order=90))
