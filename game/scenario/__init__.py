"""Scenario files: locate, read, check and resolve them into `Scenario` values; the
format's schema and its upgrades."""
