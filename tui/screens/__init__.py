"""The app's screens: start, new game, load, table, cover, dialogs, debrief, help."""
