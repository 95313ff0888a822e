"""Audit history: who changed what, when, old → new, for tasks, obligations, progress, evidence."""
