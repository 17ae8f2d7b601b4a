"""Everything that drives the Rasa engine in its own Python 3.11 environment: files, training, models."""
