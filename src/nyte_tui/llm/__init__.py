"""Language-model access (litellm, imported lazily), prompts and sanitising."""
