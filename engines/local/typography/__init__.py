"""Type on ads: fonts from PyPI, wrapping and fitting, ink and contrast, drawing."""
