"""The workshop's clients in the terminal (and, through textual-serve, in a browser):
a seat's table, the projector and the facilitator's console, all speaking to the
server through `workshop.client.Link`. They draw what the server sends; no rules here."""
