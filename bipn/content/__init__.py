"""Content: the only reader of bipn/data/*.toml (checked against its schema at load), references and citations with provenance, and the one rule registry and card factory."""
