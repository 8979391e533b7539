"""Reviews and minutes."""
