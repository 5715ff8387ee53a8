"""The terminal interface: the app, its themes, navigation and shared widgets."""
