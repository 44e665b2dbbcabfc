"""Model comparisons: the same analyses on several models, one bulk run each, and the table."""
