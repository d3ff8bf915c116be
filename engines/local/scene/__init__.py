"""The rendered scene behind the product: backdrop, surfaces, light and accents."""
