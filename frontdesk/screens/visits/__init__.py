"""The petition reception desk's screens (信访接待): registration, the slip, today's visits."""
