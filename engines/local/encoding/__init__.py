"""Motion to files: the H.264/AAC encoder, frame prefetch, the WebP preview and poster."""
