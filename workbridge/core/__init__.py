"""Pure algorithms and statistics: standard library, NumPy and SciPy only, never Django."""
