"""The bundled scenarios and the shared profiles they build on (TOML data, no code)."""
