"""Email messages for notifications: HTML plus plain text, rendered in the recipient's language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from craftmarket.common.models import Notification


def recipient_language(user: Any) -> str:
    language = getattr(user, "language", "") or "id"
    return language if language in ("id", "en") else "id"


def absolute_url(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def _message(*, subject: str, template: str, context: dict[str, Any], to: str) -> EmailMultiAlternatives:
    context = {"SITE_NAME": "Craftmarket", "site_url": settings.SITE_URL, **context}
    text = render_to_string(f"emails/{template}.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[to])
    message.attach_alternative(html, "text/html")
    return message


def notification_message(notification: Notification) -> EmailMultiAlternatives:
    """One notification as an email, in its recipient's language."""
    user = notification.recipient
    with translation.override(recipient_language(user)):
        return _message(
            subject=notification.title,
            template="notification",
            context={
                "notification": notification,
                "recipient": user,
                "link": absolute_url(notification.url),
                "data": notification.data,
                "bank_accounts": settings.BANK_TRANSFER_ACCOUNTS if notification.event == "purchase_created" else [],
                "notifications_link": absolute_url("/notifications/"),
            },
            to=user.email,
        )


def digest_message(user: Any, items: Sequence[Notification]) -> EmailMultiAlternatives:
    """The moderators' digest: one mail listing every item waiting for review."""
    with translation.override(recipient_language(user)):
        count = len(items)
        subject = _("%(count)d items are waiting for review") % {"count": count}
        if count == 1:
            subject = _("1 item is waiting for review")
        return _message(
            subject=subject,
            template="moderation_digest",
            context={
                "recipient": user,
                "items": [{"title": item.title, "link": absolute_url(item.url)} for item in items],
                "count": count,
                "admin_link": absolute_url("/" + settings.ADMIN_URL),
            },
            to=user.email,
        )
