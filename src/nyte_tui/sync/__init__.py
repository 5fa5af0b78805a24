"""Google adapters: Gmail and Calendar sync, the send transport, the quota-aware rate limiter.

May import: store, auth, config, errors. Google libraries are imported inside functions.
"""
