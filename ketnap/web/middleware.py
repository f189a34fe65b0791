"""The Django admin is for superusers only; everyone else gets a 404 there, so the
admin's existence is not even advertised to ordinary accounts."""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse


class SuperuserOnlyAdminMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefix = reverse("admin:index")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(self.prefix):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and not user.is_superuser:
                raise Http404("Không tìm thấy trang.")
        return self.get_response(request)
