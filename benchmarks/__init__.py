"""Speed figures of the local engine (``make bench``); never part of the tests."""
