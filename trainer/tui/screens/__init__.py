"""Screens of the practice app, one per module, each with its ``.tcss`` beside it."""
