from django.apps import AppConfig


class NotifyConfig(AppConfig):
    """What is due reaches people (C11, M5): a daily digest by e-mail and the same items
    as an in-app notification list. The channel is one function (`channels.send_email`),
    so another one (SMS, chat) can be added beside it without touching the selection."""

    name = "ketnap.notify"
    verbose_name = "Thông báo"

    def ready(self) -> None:
        from ketnap.notify.navigation import install

        install()
