"""Every write of judging: rounds (transitions, advancement), assignment, score sheets, conflicts.

The package splits by lifecycle: `rounds`, `assignment`, `sheets`; `aggregation` reads and ranks.
"""
