"""Language-model access: a lazy litellm adapter, prompts with schemas, and sanitising of mail text.

May import: config, errors. litellm is imported only inside a call, never at module import.
"""
