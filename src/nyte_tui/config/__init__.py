"""Where nyte keeps its files (platformdirs, NYTE_HOME) and its settings (defaults, TOML, env).

The bottom layer: imports nothing else of nyte but errors.
"""
