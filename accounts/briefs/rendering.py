"""The brief as an email: subject, plain text and HTML from the templates in
``accounts/templates/accounts/briefs/``, with a link to each account's page in the app."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from accounts.briefs.selectors import Brief


def account_url(external_id: str) -> str:
    """The account's page in the managers' app (the app's route ``/app/accounts/:externalId``)."""
    return f"{settings.APP_BASE_URL}/app/accounts/{quote(external_id, safe='')}"


@dataclass(frozen=True)
class RenderedBrief:
    to: str
    subject: str
    text: str
    html: str

    def message(self, *, connection=None) -> EmailMultiAlternatives:
        message = EmailMultiAlternatives(subject=self.subject, body=self.text, to=[self.to], connection=connection)
        message.attach_alternative(self.html, "text/html")
        return message


def subject_of(brief: Brief) -> str:
    count = len(brief.account_ids)
    accounts = f"{count} account{'s' if count != 1 else ''} to look at" if count else "your brief"
    return f"Morning brief for {brief.day.isoformat()}: {accounts}"


def render(brief: Brief) -> RenderedBrief:
    user = brief.user
    context = {
        "name": user.get_full_name() or user.get_username(),
        "day": brief.day,
        "app_url": f"{settings.APP_BASE_URL}/app/",
        "sections": [
            {
                "title": section.title,
                "intro": section.intro,
                "items": [
                    {
                        "headline": item.headline,
                        "lines": item.lines,
                        "account_id": item.account_id,
                        "account_name": item.account_name,
                        "url": account_url(item.account_id) if item.account_id else None,
                    }
                    for item in section.items
                ],
            }
            for section in brief.sections
        ],
    }
    return RenderedBrief(
        to=user.email,
        subject=subject_of(brief),
        text=render_to_string("accounts/briefs/brief.txt", context),
        html=render_to_string("accounts/briefs/brief.html", context),
    )
