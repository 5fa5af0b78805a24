"""Fixtures for the command conversation: the send sandbox, an item to reply to, helpers."""

from __future__ import annotations

from send.conftest import SendEnv, env, harness, reply_item

__all__ = ["SendEnv", "env", "harness", "reply_item"]
