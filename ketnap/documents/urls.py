from django.urls import path

from ketnap.documents import views

app_name = "documents"

urlpatterns = [
    path("<int:pk>/templates/", views.page, name="templates"),
    path("<int:pk>/templates/<str:kind>/revert/", views.revert, name="revert"),
    path("<int:pk>/templates/<str:kind>/preview/", views.preview, name="preview"),
    path("<int:pk>/templates/<str:kind>/builtin/", views.builtin, name="builtin"),
    path("<int:pk>/templates/<str:kind>/current/", views.current, name="current"),
]
