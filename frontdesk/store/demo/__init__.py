"""Synthetic records for trying the desks and measuring them."""
