"""Workshop play: one authoritative game server, many clients, one SQLite file.

The server (`workshop.server`) holds the only `GameState` and is the only writer of the
workshop's database (`workshop.store`). Seats, the projector and the facilitator talk to
it in JSON over a WebSocket (`workshop.protocol`); each gets only what its role may see.
Nothing here imports `textual` or `tui`: the terminal and browser clients live in `tui`.
"""
