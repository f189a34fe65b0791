from django.urls import path

from ketnap.orgs import views

app_name = "orgs"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("search/", views.search, name="search"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/children/", views.tree_children, name="children"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/move/", views.move, name="move"),
    path("<int:pk>/headcounts/add/", views.add_member_count, name="add_member_count"),
    path("<int:pk>/members/", views.members, name="members"),
    path("<int:pk>/members/add/", views.add_member, name="add_member"),
]
