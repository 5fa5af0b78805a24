"""The terminal app's backend: the one port (`tui.backend.Backend`) implemented over services.

May import every other services package, and the sandbox (for `nyte demo`). Returns only the
frozen view types of `services.views`, never ORM rows or dicts.
"""
