"""Widgets that draw parts of a `View` on the table."""
