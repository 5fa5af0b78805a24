"""The local SQLite store: tables, migrations and every SQL query nyte runs."""
