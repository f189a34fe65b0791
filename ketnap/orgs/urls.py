from django.urls import path

from ketnap.orgs import views, views_building, views_imports, views_restructure

app_name = "orgs"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("setup/", views_building.first_run, name="first_run"),
    path("search/", views.search, name="search"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/children/", views.tree_children, name="children"),
    path("<int:pk>/add/", views_building.add_child, name="add_child"),
    path("<int:pk>/edit/", views_building.edit, name="edit"),
    path("<int:pk>/close/", views_restructure.close, name="close"),
    path("<int:pk>/merge/", views_restructure.merge, name="merge"),
    path("<int:pk>/split/", views_restructure.split, name="split"),
    path("<int:pk>/rename/", views_restructure.rename, name="rename"),
    path("<int:pk>/blocks/", views_building.blocks, name="blocks"),
    path("<int:pk>/blocks/<int:block_pk>/", views_building.blocks, name="edit_block"),
    path("<int:pk>/mass-organizations/", views_building.mass_organizations, name="mass_organizations"),
    path("<int:pk>/mass-organizations/<int:mass_pk>/", views_building.mass_organizations, name="edit_mass"),
    path("<int:pk>/import/tree/", views_imports.tree_upload, name="import_tree"),
    path("<int:pk>/import/tree/<uuid:staged>/", views_imports.tree_preview, name="import_tree_preview"),
    path("<int:pk>/import/members/", views_imports.members_upload, name="import_members"),
    path("<int:pk>/import/members/<uuid:staged>/", views_imports.members_preview, name="import_members_preview"),
    path("<int:pk>/move/", views_restructure.move, name="move"),
    path("<int:pk>/headcounts/add/", views.add_member_count, name="add_member_count"),
    path("<int:pk>/members/", views.members, name="members"),
    path("<int:pk>/members/add/", views.add_member, name="add_member"),
    path("<int:pk>/members/registry/", views.mark_registry, name="mark_registry"),
]
