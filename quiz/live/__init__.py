"""The quiz's live mode: a teacher runs a quiz on the projector, pupils answer on their phones (issue 14)."""
