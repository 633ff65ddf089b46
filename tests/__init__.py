"""The bipn-bedside test suite."""
