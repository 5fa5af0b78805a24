"""Google OAuth login and refresh, and the secret store (keyring, encrypted file or command).

May import: config, errors. Never the store: account rows are written by services.
"""
