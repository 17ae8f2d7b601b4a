"""Training data, validation, evaluation and language detection for the NLU model."""
