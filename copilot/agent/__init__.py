"""The agent: server tools the model may call over the caller's book of business, and the
loop that runs them (``copilot.analysis.service``: one provider call per step, each recorded)."""
