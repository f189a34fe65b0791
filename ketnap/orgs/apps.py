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
        from ketnap.orgs import rollup_cache as rc

        rc.connect(models.Organization, lambda o: None if o.has_history else [o.path])
        for counted in (models.MemberCount, models.Member):
            rc.connect(counted, rc.related_path)
        for changed in (
            models.OrganizationVersion,
            models.OrganizationMove,
            models.OrganizationSuccession,
            models.Restructuring,
        ):
            rc.connect(changed, lambda _: None)  # the tree changed: every province's figures
        from ketnap.web.navigation import NavItem, add

        add(NavItem("Tổ chức đảng", "orgs:tree", "diagram-3", order=10))
