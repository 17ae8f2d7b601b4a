"""Staff of the web app: accounts, roles and permissions, passwords, login throttling, the audit log."""
