"""The web app: the local chat page now, the staff admin later."""
