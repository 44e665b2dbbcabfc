"""structlog on top of stdlib logging: one pipeline for our events and library logs."""

from __future__ import annotations

import logging.config
import os
import re

import structlog
from django_guid import get_guid

REDACTED = "[redacted]"
# Anything shaped like a provider key: Z.ai ("<32 hex>.<16 chars>") or Anthropic ("sk-ant-…").
PROVIDER_KEY_PATTERN = re.compile(r"[0-9a-f]{32}\.[A-Za-z0-9]{16}|sk-ant-[A-Za-z0-9_-]{8,}")


def redact_secrets(_logger, _method_name, event_dict):
    """Never let a key reach a log line, whatever a library or a message carried."""
    configured_key = os.environ.get("ANTHROPIC_API_KEY") or _configured_key()
    for name, value in list(event_dict.items()):
        if isinstance(value, str):
            if configured_key and configured_key in value:
                value = value.replace(configured_key, REDACTED)
            event_dict[name] = PROVIDER_KEY_PATTERN.sub(REDACTED, value)
    return event_dict


def _configured_key() -> str:
    try:
        from django.conf import settings

        return settings.ANTHROPIC_API_KEY if settings.configured else ""
    except Exception:  # settings still loading
        return ""


class ProviderStatusesAreWarnings(logging.Filter):
    """Django logs every 5xx answer at error level. Here 502/503/504 only ever carry a documented
    provider or configuration code (LLM_NOT_CONFIGURED, PROVIDER_*), an expected condition the
    analysis service has already logged with its details: a warning, not an error. 500 stays one."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in (502, 503, 504) and record.levelno == logging.ERROR:
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def add_correlation_id(_logger, _method_name, event_dict):
    """The request's X-Request-ID on every line logged while serving it."""
    correlation_id = get_guid()
    if correlation_id:
        event_dict.setdefault("correlation_id", correlation_id)
    return event_dict


def build_logging_config(*, level: str, fmt: str) -> None:
    shared = [
        structlog.contextvars.merge_contextvars,
        add_correlation_id,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        redact_secrets,
    ]
    renderer = structlog.processors.JSONRenderer() if fmt == "json" else structlog.dev.ConsoleRenderer(colors=False)
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {
                "structured": {
                    "()": structlog.stdlib.ProcessorFormatter,
                    "processors": [
                        structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                        structlog.processors.format_exc_info,
                        renderer,
                    ],
                    "foreign_pre_chain": shared,
                }
            },
            "filters": {"provider_statuses": {"()": ProviderStatusesAreWarnings}},
            "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
            "root": {"handlers": ["console"], "level": level},
            "loggers": {
                # The SDK's debug logs include request options; keep them out unless asked.
                "anthropic": {"level": "WARNING"},
                "httpx": {"level": "WARNING"},
                "httpx2": {"level": "WARNING"},
                "httpcore": {"level": "WARNING"},
                "django_guid": {"level": "WARNING"},  # one INFO line per request otherwise
                "django.request": {"filters": ["provider_statuses"]},
            },
        }
    )
    structlog.configure(
        # filter_by_level first: an event below the level costs no processing at all.
        processors=[structlog.stdlib.filter_by_level, *shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
