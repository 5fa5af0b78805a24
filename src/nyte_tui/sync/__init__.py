"""Google adapters: Gmail and Calendar sync, the quota-aware rate limiter."""
