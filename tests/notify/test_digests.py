"""Daily digests: a real SMTP conversation, scope, opt-out, idempotence, dry run, Tết."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage
from io import StringIO
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client

from ketnap.charter import WorkCalendar
from ketnap.notify.items import crosses_tet, digest_lines
from ketnap.notify.models import DigestPreference, DigestSent, Frequency, Notification
from ketnap.notify.services import optout_token, send_digests

ON = date(2026, 12, 2)  # a Wednesday
SECRETARY = "bithu.hungthinh"
OTHER_SECRETARY = "bithu.namcap"


class Sink:
    """aiosmtpd handler keeping every message it is given."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), parsed))  # type: ignore[arg-type]
        return "250 OK"


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[Sink]:
    """A local SMTP server on a free port, and the default mailer pointed at it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port, server_hostname="sink.test")
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5},
        }
    }
    try:
        yield sink
    finally:
        controller.stop()


def _user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


def _text_and_html(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


@pytest.mark.django_db
def test_digest_through_smtp_has_the_secretarys_items_and_nothing_outside_her_scope(smtp_server: Sink) -> None:
    outcomes = send_digests(ON, usernames=[SECRETARY])
    assert [o.status for o in outcomes] == ["sent"]
    assert len(smtp_server.messages) == 1
    rcpt, message = smtp_server.messages[0]
    assert rcpt == ["bithu.hungthinh@example.invalid"]
    assert "việc cần làm ngày 02/12/2026" in message["Subject"]
    assert message["List-Unsubscribe"].startswith("<http")
    text, html = _text_and_html(message)
    expected = digest_lines(_user(SECRETARY), ON)
    assert expected and outcomes[0].items == len(expected)
    for line in expected:
        assert line.label in text and line.url in text
        assert f'href="http://127.0.0.1:8000{line.url}"' in html
    assert "Chi bộ Hưng Thịnh" in text
    # Nothing of the other cell: not its name, not one of its items' links.
    assert "Nặm Cáp" not in text and "Nặm Cáp" not in html
    for line in digest_lines(_user(OTHER_SECRETARY), ON):
        if line.kind != "sympathizer_review":
            assert line.url not in text
    assert DigestSent.objects.filter(user__username=SECRETARY, day=ON, items=len(expected)).exists()


@pytest.mark.django_db
def test_second_run_the_same_day_sends_nothing_and_the_next_day_sends_again() -> None:
    first = send_digests(ON, usernames=[SECRETARY])
    again = send_digests(ON, usernames=[SECRETARY])
    assert [o.status for o in first] == ["sent"] and [o.status for o in again] == ["already_sent"]
    assert len(mail.outbox) == 1
    send_digests(date(2026, 12, 3), usernames=[SECRETARY])
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_dry_run_sends_nothing_and_prints_what_would_be_sent() -> None:
    out = StringIO()
    call_command("send_digests", "--on", ON.isoformat(), "--dry-run", "--format", "json", stdout=out)
    payload = json.loads(out.getvalue())
    by_user = {u["user"]: u for u in payload["users"]}
    assert payload["dry_run"] is True and payload["on"] == "2026-12-02"
    assert by_user[SECRETARY]["status"] == "would_send" and by_user[SECRETARY]["lines"]
    assert mail.outbox == [] and not DigestSent.objects.exists() and not Notification.objects.exists()


@pytest.mark.django_db
def test_command_sends_and_reports_per_user() -> None:
    out = StringIO()
    call_command("send_digests", "--on", ON.isoformat(), "--user", SECRETARY, "--format", "json", stdout=out)
    assert [u["status"] for u in json.loads(out.getvalue())["users"]] == ["sent"]
    assert [m.to for m in mail.outbox] == [["bithu.hungthinh@example.invalid"]]
    message = mail.outbox[0]
    assert isinstance(message, mail.EmailMultiAlternatives) and message.alternatives[0][1] == "text/html"


@pytest.mark.django_db
def test_one_click_opt_out_is_honoured(client: Client) -> None:
    user = _user(SECRETARY)
    url = f"/notifications/optout/{optout_token(user)}/"
    assert client.get(url).status_code == 200  # a link scanner's GET changes nothing
    assert [o.status for o in send_digests(ON, usernames=[SECRETARY])] == ["sent"]
    response = client.post(url)  # what the button and RFC 8058 mail clients send, no session, no CSRF token
    assert response.status_code == 200 and b"optout-done" in response.content
    assert user.digest_preference.frequency == Frequency.OFF
    assert [o.status for o in send_digests(date(2026, 12, 3), usernames=[SECRETARY])] == ["opted_out"]
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_forged_opt_out_link_is_refused(client: Client) -> None:
    token = optout_token(_user(SECRETARY))
    assert client.post(f"/notifications/optout/{token[:-2]}xx/").status_code == 400
    assert not DigestPreference.objects.filter(frequency=Frequency.OFF).exists()


@pytest.mark.django_db
def test_weekly_digest_only_on_mondays_and_nothing_when_nothing_is_due() -> None:
    user = _user(SECRETARY)
    DigestPreference.objects.create(user=user, frequency=Frequency.WEEKLY)
    assert [o.status for o in send_digests(ON, usernames=[SECRETARY])] == ["not_this_day"]
    assert [o.status for o in send_digests(date(2026, 12, 7), usernames=[SECRETARY])] == ["sent"]
    get_user_model().objects.create_user("nobody", email="nobody@example.invalid")
    assert [o.status for o in send_digests(ON, usernames=["nobody"])] == ["nothing_due"]
    get_user_model().objects.create_user("noaddress")
    assert [o.status for o in send_digests(ON, usernames=["noaddress"])] == ["no_address"]
    assert len(mail.outbox) == 1


def test_deadline_crossing_tet_is_flagged() -> None:
    calendar = WorkCalendar()
    assert crosses_tet(calendar, date(2027, 1, 20), date(2027, 2, 20))  # Tết 2027: 04–10/02
    assert not crosses_tet(calendar, date(2027, 3, 1), date(2027, 3, 31))
    assert not crosses_tet(calendar, date(2026, 12, 20), date(2027, 1, 5))  # New Year's Day is not Tết
