"""frontdesk: the front desk, duty room and mail room of a district office."""

__version__ = "0.1.0"
