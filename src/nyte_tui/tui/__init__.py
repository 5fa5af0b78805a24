"""The Textual app: screens, widgets and messages; it reaches the world only through services."""
