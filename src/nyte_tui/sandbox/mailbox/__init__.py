"""The deterministic mailbox and calendar generator that seeds the sandbox."""
