"""The command conversation: runs, proposals, the safety guard and execution.

May import: services.sending (to send), sync (calendar writes), llm (the model interpreter),
commands (the offline interpreter), store, config, errors.
"""
