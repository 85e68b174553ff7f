"""The rules core: values, actions, the phase table, legality and effects, views, scoring.

Pure and deterministic; it imports nothing else of `game` and no I/O library.
"""
