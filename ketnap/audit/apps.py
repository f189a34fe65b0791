from django.apps import AppConfig


class AuditConfig(AppConfig):
    """Who changed what, and who read or exported what (X2)."""

    name = "ketnap.audit"
    verbose_name = "Nhật ký"

    def ready(self) -> None:
        from ketnap.orgs.permissions import can_read_audit
        from ketnap.web.navigation import NavItem, add

        add(NavItem("Nhật ký", "audit:list", "journal-text", visible=can_read_audit, order=90))
