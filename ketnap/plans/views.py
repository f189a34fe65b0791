from django.http import HttpRequest, HttpResponse


def plan_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")
