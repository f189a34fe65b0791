"""URLs of the plans app, mounted at /plans/."""

from django.urls import path

from ketnap.plans import views, views_table

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/targets/add/", views.sub_target_add, name="sub_target_add"),
    path("<int:pk>/targets/<int:target_pk>/delete/", views.sub_target_delete, name="sub_target_delete"),
    path("<int:pk>/issue/", views.plan_issue, name="issue"),
    path("<int:pk>/revisions/new/", views.revision_open, name="revise"),
    path("<int:pk>/revisions/<int:number>/discard/", views.revision_discard, name="revision_discard"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/cascade/", views.plan_cascade, name="cascade"),
    path("<int:pk>/table/", views_table.grid, name="grid"),
    path("<int:pk>/table/rows/<int:row_pk>/", views_table.cell, name="cell"),
    path("<int:pk>/table/add-rows/", views_table.add_rows, name="add_rows"),
    path("<int:pk>/import/", views_table.import_upload, name="import"),
    path("<int:pk>/import/<uuid:staged>/", views_table.import_preview, name="import_preview"),
    path("<int:pk>/export.xlsx", views_table.export_xlsx, name="export_xlsx"),
    path("<int:pk>/export.docx", views_table.export_docx, name="export_docx"),
    path("<int:pk>/export.pdf", views_table.export_pdf, name="export_pdf"),
]
