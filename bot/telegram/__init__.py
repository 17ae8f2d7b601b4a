"""The Telegram adapter: the only part of Wegweiser that sees Telegram identities.

``python -m bot.telegram`` polls; in webhook mode the web app mounts :mod:`bot.telegram.webhook`.
The door (:mod:`bot.telegram.door`) turns a chat into a keyed pseudonym before anything else.
"""
