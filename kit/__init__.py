"""kit: printable teaching kits from plain YAML lesson units."""

__version__ = "0.1.0"
