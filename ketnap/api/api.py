"""The API object: /api/v1/, OpenAPI 3 at /api/v1/openapi.json, docs at /api/v1/docs.

Every endpoint needs a token (or the browser's session, for the docs page's "try it
out"); routers live in `ketnap.api.routers`, one per area of the screens, and call the
same selectors and services as the views."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.security import django_auth

from ketnap.api import errors
from ketnap.api.auth import TokenAuth
from ketnap.api.docs import VendoredSwagger
from ketnap.api.routers import (
    agenda,
    analysis,
    audit,
    building,
    candidates,
    courses,
    jobs,
    monitoring,
    orgs,
    oversight,
    plan_imports,
    plans,
    records,
    restructure,
    rounds,
    steps,
    templates,
)

api = NinjaAPI(
    title="Kết Nạp API",
    version="1",
    description=(
        "API của Kết Nạp: đọc và ghi đúng những gì các trang cho phép, trong phạm vi tổ chức của người dùng. "
        "Xác thực: `Authorization: Bearer <mã>` (tạo mã ở trang Tài khoản → Mã truy cập API)."
    ),
    auth=[TokenAuth(), django_auth],
    docs=VendoredSwagger(),
    urls_namespace="api",
)
errors.install(api)
ROUTERS = (
    orgs,
    building,
    restructure,
    candidates,
    records,
    steps,
    courses,
    agenda,
    monitoring,
    analysis,
    oversight,
    plans,
    plan_imports,
    rounds,
    audit,
    templates,
    jobs,
)
for module in ROUTERS:
    api.add_router("", module.router)
