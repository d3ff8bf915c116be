"""Video ads: storyboards, shot stages and cards, the frame renderer, the encoder."""
