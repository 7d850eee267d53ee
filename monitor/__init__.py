"""Change-tracking monitor for Dutch written answers to parliamentary questions."""

__version__ = "0.1.0"
