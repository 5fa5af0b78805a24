"""The Textual app: screens, widgets and messages; it reaches the world only through `backend.py`.

May import: services (view types, via the Backend port), commands (the slash grammar), config.
Never the store, sync, auth, llm, SQLAlchemy or Google libraries.
"""
