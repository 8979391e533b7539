"""Declarations and value types."""
