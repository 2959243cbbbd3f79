"""The rehearsal engine: scenarios, conditions, the turn-by-turn state machine, counterparts and debriefs.

Framework-free (no Django import), so it can be tested, benchmarked and reused alone. The Django app
around it (`attune.rehearsal`) stores conversations and serves the pages.
"""
