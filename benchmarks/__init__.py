"""Scale benchmarks: each figure printed against its baseline and target.

``python -m benchmarks`` (``make bench``) runs every module in
``benchmarks.harness.BENCHMARKS`` on SQLite and on PostgreSQL, each in a child process
with its own fresh database, and writes the figures to ``var/bench/results.json``.
"""
