"""Quick lookup across every channel: the full-text index and its queries."""
