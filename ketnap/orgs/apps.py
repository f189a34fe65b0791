from django.apps import AppConfig


class OrgsConfig(AppConfig):
    """The party tree, headcounts, members, mass organisations and scoped roles."""

    name = "ketnap.orgs"
    verbose_name = "Tổ chức đảng"

    def ready(self) -> None:
        from ketnap.audit.registry import register
        from ketnap.orgs import models

        for model in (
            models.Organization,
            models.Block,
            models.MemberCount,
            models.MassOrganization,
            models.Member,
            models.Membership,
            models.CommitteeSeat,
        ):
            register(model)
        from ketnap.web.navigation import NavItem, add

        add(NavItem("Tổ chức đảng", "orgs:tree", "diagram-3", order=10))
