"""The bottom layer, used by every other package and importing none of them.

Settings, errors, the finding type, request/result schemas, placements and storage.
"""
