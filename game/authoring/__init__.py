"""Tools for scenario authors: lint, `new`, graphs and golden transcripts."""
