"""Mufakat's terminal front ends: the `mufakat` command line and the Textual app.

Nothing here holds a rule of the game: everything goes through the `game` package's
public API (`legal_actions`, `apply`, `view`, ...).
"""
