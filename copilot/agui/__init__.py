"""The AG-UI runtime: CopilotKit and AG-UI clients talk to the copilot over server-sent events."""
