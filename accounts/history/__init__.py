"""Health over time: the stored current health of each account, its daily snapshots, and what
changed (``services`` writes, ``selectors`` reads)."""
