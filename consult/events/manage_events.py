"""Staff: create, edit, publish, cancel and duplicate events."""
