"""The PDF pack."""
