from typing import Any

from django.apps import AppConfig


class OrgsConfig(AppConfig):
    """The party tree, headcounts, members, mass organisations and scoped roles."""

    name = "ketnap.orgs"
    verbose_name = "Tổ chức đảng"

    def ready(self) -> None:
        from ketnap.audit.registry import register
        from ketnap.orgs import import_jobs, models  # noqa: F401  (registers the tree and member uploads' jobs)

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
        from ketnap.orgs import provinces
        from ketnap.orgs import rollup_cache as rc

        provinces.connect([models.Organization, models.MemberCount, models.Member])
        from ketnap.orgs import spans, transfers

        transfers.connect(models)  # before the spans: a member's move is recorded when they are rebuilt
        spans.connect(models)
        _refresh_provinces_after_moves(models)

        rc.connect(models.Organization, lambda o: None if o.has_history else [o.path])
        for counted in (models.MemberCount, models.Member):
            rc.connect(counted, rc.related_path)
        for changed in (
            models.OrganizationVersion,
            models.OrganizationMove,
            models.OrganizationSuccession,
            models.Restructuring,
            models.Block,  # names shown in the figures (blocks, mass organisations): rare writes
            models.MassOrganization,
        ):
            rc.connect(changed, lambda _: None)  # the tree changed: every province's figures
        from ketnap.web.navigation import NavItem, add

        add(NavItem("Tổ chức đảng", "orgs:tree", "diagram-3", order=10))


def _refresh_provinces_after_moves(models: Any) -> None:
    """A subtree moved by the restructuring services (raw UPDATEs of paths) or rows
    carried to another organisation: their province ids follow the tree."""
    from django.db.models.signals import m2m_changed, post_save

    from ketnap.orgs import provinces

    def version_saved(sender: type, instance: Any, **kwargs: Any) -> None:
        if instance.valid_until is None:
            provinces.refresh_under([instance.path])

    def act_recorded(sender: type, instance: Any, action: str, **kwargs: Any) -> None:
        if action == "post_add":
            provinces.refresh_under([o.path for o in instance.organizations.all()])

    post_save.connect(version_saved, sender=models.OrganizationVersion, weak=False, dispatch_uid="province:version")
    m2m_changed.connect(
        act_recorded, sender=models.Restructuring.organizations.through, weak=False, dispatch_uid="province:act"
    )
