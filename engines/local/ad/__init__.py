"""Composing an ad: recipe, layouts, product staging and shadows, copy, logo, checks."""
