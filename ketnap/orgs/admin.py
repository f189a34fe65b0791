"""Admin for superusers: accounts, roles and reference data. The tree's shape is
changed only through the 'Chuyển tổ chức' page, which records the move."""

from django.contrib import admin

from ketnap.orgs.models import Block, CommitteeSeat, MassOrganization, Member, MemberCount, Membership, Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "block", "valid_from", "valid_until"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["search_text", "code"]
    readonly_fields = ["path", "depth", "numchild"]
    fields = ["name", "code", "kind", "block", "valid_from", "valid_until", "successor", "note", "path", "depth"]

    def has_add_permission(self, request: object) -> bool:
        return False  # new organisations are added under a parent, which keeps the tree paths right


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organization", "mass_organization"]
    list_filter = ["role"]
    search_fields = ["user__username", "organization__search_text"]
    autocomplete_fields = ["organization"]


@admin.register(MassOrganization)
class MassOrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "committee"]
    list_filter = ["kind"]


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organization"]


@admin.register(MemberCount)
class MemberCountAdmin(admin.ModelAdmin):
    list_display = ["organization", "counted_on", "official", "probationary"]
    date_hierarchy = "counted_on"


@admin.register(CommitteeSeat)
class CommitteeSeatAdmin(admin.ModelAdmin):
    list_display = ["member", "committee", "since", "until"]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["full_name", "organization", "status", "admission_date"]
    list_filter = ["status", "is_demo"]
    search_fields = ["search_text"]
