"""The token page of the user's account: make a token (shown once), see one's tokens
with their last use, revoke. The board also sees and revokes the tokens of the
accounts it manages (every role of the account lies in its subtree)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ketnap.api import tokens
from ketnap.api.forms import TokenForm
from ketnap.api.models import ApiToken
from ketnap.orgs.enums import Role
from ketnap.orgs.models import Membership
from ketnap.orgs.querysets import path_q

#: Tokens of managed accounts listed at most on the page.
MANAGED_LIMIT = 200


def managed_tokens(user: Any) -> list[ApiToken]:
    """Active tokens of other accounts the user's board manages."""
    if user.is_superuser:
        qs: Any = ApiToken.objects.exclude(user=user)
    else:
        boards = tuple(
            Membership.objects.filter(user=user, role=Role.ORGANIZING_BOARD).values_list(
                "organization__path", flat=True
            )
        )
        if not boards:
            return []
        holders = Membership.objects.filter(path_q("organization__path", boards)).values("user_id")
        qs = ApiToken.objects.filter(user_id__in=holders).exclude(user=user)
    listed = qs.active(timezone.localdate()).select_related("user").order_by("user__username", "-created_at")
    return [t for t in listed[:MANAGED_LIMIT] if tokens.can_manage_account(user, t.user)]


@login_required
def tokens_page(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = tokens.create_token(
                request.user,
                name=form.cleaned_data["name"],
                expires_on=form.cleaned_data["expires_on"],
                today=timezone.localdate(),
                actor=request.user,
            )
        except ValidationError as exc:
            for field, errors in exc.error_dict.items():
                form.add_error(field, errors)
        else:
            form = TokenForm()
    context = {
        "form": form,
        "created": created,
        "own": ApiToken.objects.filter(user_id=int(request.user.pk or 0)),
        "managed": managed_tokens(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "api/tokens.html", context)


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.select_related("user"), pk=pk)
    if not tokens.may_change_tokens_of(request.user, token.user):
        raise Http404("Không tìm thấy mã truy cập.")  # another account's token: as if it did not exist
    tokens.revoke_token(token, actor=request.user, at=timezone.now())
    messages.success(request, f"Đã thu hồi mã “{token.name}” của {token.user.username}.")
    return redirect("api_tokens:tokens")
