"""The collection store: the only package that speaks SQL."""
