"""Where nyte keeps its files and how it is configured."""
