"""Email backends for the brief tests: a second run started while the first is sending, and a
backend that refuses one recipient."""

from django.core.mail.backends.locmem import EmailBackend

from accounts.briefs.services import briefs_send

nested_runs = []


class SecondRunWhileSending(EmailBackend):
    """Before the first message is handed over, another ``send_briefs`` runs to the end: what a
    second cron or beat run overlapping this one would do."""

    def send_messages(self, messages):
        if not nested_runs:
            nested_runs.append(None)
            nested_runs[0] = briefs_send()
        return super().send_messages(messages)


class RefusesOne(EmailBackend):
    refused = "refused@example.com"

    def send_messages(self, messages):
        for message in messages:
            if self.refused in message.to:
                raise ConnectionRefusedError("the mail server refused the connection")
        return super().send_messages(messages)
