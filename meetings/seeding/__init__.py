"""Load the structured records taken from the five source texts (seeds/data/*.yaml)."""

from meetings.seeding.loader import SeedError, load_seeds

__all__ = ["SeedError", "load_seeds"]
