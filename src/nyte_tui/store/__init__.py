"""The local SQLite store: tables, migrations, the writer lock and every SQL query nyte runs.

May import: config, errors. Nothing outside this package builds SQL.
"""
