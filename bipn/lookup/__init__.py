"""The offline search over every rule, fact and education section."""
