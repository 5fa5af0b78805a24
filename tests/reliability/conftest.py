"""Fixtures for the reliability tests: the small send sandbox, its store and the real CLI."""

from __future__ import annotations

from send.conftest import SendEnv, cli_env, env, harness, reply_item

__all__ = ["SendEnv", "cli_env", "env", "harness", "reply_item"]
