"""What a command starts from: this run's paths and settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nyte_tui.errors import UsageError

if TYPE_CHECKING:
    from nyte_tui.config.paths import Paths
    from nyte_tui.config.settings import Settings


def load_context() -> tuple[Paths, Settings]:
    """The paths and settings of this run, with bad settings as a usage error."""
    from nyte_tui.config.paths import resolve_paths
    from nyte_tui.config.settings import ConfigError, load_settings

    paths = resolve_paths()
    try:
        return paths, load_settings(paths)
    except ConfigError as exc:
        raise UsageError(str(exc)) from exc
