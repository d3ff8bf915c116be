"""Live images: a looping camera and particles over the ad's layers."""
