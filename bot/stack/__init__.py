"""Running the whole stack: which processes make up Wegweiser and how they are supervised."""
