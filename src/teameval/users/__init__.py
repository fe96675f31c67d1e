"""Users of a school: create, list and import students from CSV."""
