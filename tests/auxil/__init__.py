"""Test helpers (builders, the running stack); fixtures themselves live in conftest.py."""
