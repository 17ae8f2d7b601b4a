"""What the bot tells people: answers, the service directory, places, and their import/export."""
