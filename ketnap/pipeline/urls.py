"""URLs of the pipeline, mounted at /candidates/."""

from django.urls import path

from ketnap.pipeline.views import board, candidates, documents, imports, lists

app_name = "pipeline"

urlpatterns = [
    path("", board.home, name="home"),
    path("people/", board.people, name="people"),
    path("agenda/", board.agenda, name="agenda"),
    path("introduce/", candidates.introduce, name="introduce"),
    path("certified/", lists.certified, name="certified"),
    path("import/", imports.upload, name="import"),
    path("import/sample.xlsx", imports.sample, name="import_sample"),
    path("import/<uuid:staged>/", imports.preview, name="import_preview"),
    path("courses/", lists.course_list, name="courses"),
    path("courses/new/", lists.course_new, name="course_new"),
    path("courses/<int:pk>/", lists.course_detail, name="course"),
    path("courses/<int:pk>/enrol/", lists.course_enrol, name="course_enrol"),
    path("courses/<int:pk>/complete/", lists.course_complete, name="course_complete"),
    path("org/<int:pk>/", board.board, name="board"),
    path("org/<int:pk>/sympathizers/", lists.sympathizers, name="sympathizers"),
    path("org/<int:pk>/sympathizers.docx", documents.sympathizers_docx, name="sympathizers_docx"),
    path("org/<int:pk>/deadlines/", lists.deadlines, name="deadlines"),
    path("<int:pk>/", candidates.detail, name="detail"),
    path("<int:pk>/edit/", candidates.edit, name="edit"),
    path("<int:pk>/steps/<str:name>/", candidates.step, name="step"),
    path("<int:pk>/steps/<str:name>/<int:obj>/", candidates.step, name="step_on"),
    path("<int:pk>/files/<int:item>/", candidates.dossier_file, name="dossier_file"),
    path("<int:pk>/forms/<str:code>.docx", documents.candidate_form, name="form"),
]
