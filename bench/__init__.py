"""Benchmarks: speed, retrieval quality, service overhead, load and memory.

``python -m bench`` (or ``make bench``) runs them all in one process and prints each
figure next to a baseline measured in the same run, because on a shared machine an
absolute time means little while a ratio of two times taken minutes apart holds up.
Results are also written as JSON under ``bench/results/``.
"""
