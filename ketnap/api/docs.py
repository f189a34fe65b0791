"""The interactive documentation page: Swagger UI from the vendored copy (no CDN), its
settings in a JSON script tag and started by a static file, so it runs under the
site's Content-Security-Policy (no inline script)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase


class VendoredSwagger(DocsBase):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {"url": self.get_openapi_url(api, kwargs), "deepLinking": True, "persistAuthorization": False}
        return render(request, "api/docs.html", {"api": api, "swagger_settings": json.dumps(settings)})
