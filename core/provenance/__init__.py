"""C2PA provenance: who signs, what a manifest states, and reading it back (issue 26).

identity.py the signing identity (configured, or a local one made in the data dir);
sources.py the IPTC digital source type of what adstudio makes; manifest.py builds and
embeds a manifest; reader.py validates a file's manifest with the library's own reader.
The tools layer decides what each new image's manifest says (:mod:`tools.provenance`).
"""
