"""A side-by-side comparison of models: the same analyses on each, one bulk run per model."""

from __future__ import annotations

from django.db import models

from copilot.models.routing import DEFAULT_TASK, Task


class ModelComparison(models.Model):
    model_names = models.JSONField(default=list, help_text="The models compared, in the order asked.")
    task = models.CharField(max_length=30, choices=Task.choices, default=DEFAULT_TASK)
    question = models.TextField()
    created_by = models.CharField(max_length=150, blank=True, help_text="Who started it (user or OS login).")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"comparison {self.pk}: {' vs '.join(self.model_names)}"
