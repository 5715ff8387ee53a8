"""办理跟踪: matters by status, unit and due date, each matter's timeline, its steps."""
