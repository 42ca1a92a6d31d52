"""One module per kind of profile section; each returns a model.Section (or a marked gap)."""
