"""Google OAuth login and refresh, and the secret store."""
