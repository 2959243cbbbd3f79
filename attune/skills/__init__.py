"""Attune's skill coder: codes what a learner says in a practice conversation.

A framework-free library (no Django import): the taxonomy, the corpus, rule-based flags, the
on-device model and the command-line interface. See docs/skills.md.
"""
