"""The triage evaluation: load a labelled mailbox into a real store, score it, compare."""
