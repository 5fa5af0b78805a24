"""Fake Calendar v3: the calendar store, recurrence expansion and the API handlers."""
