"""The intent frames, one module per category of what a first note must not do."""
