"""The command grammar: slash commands and instruction parsing."""
