"""Everything that drives the Rasa engine in its own Python 3.10 environment: files, training, models."""
