"""Core: input errors, number parsing and checks, units, and the Wilson interval. Imports nothing else of bipn."""
