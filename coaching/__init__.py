"""Coaching logic: pre-call briefs now; agendas and playbook proposals build on it.

This package decides what goes into an answer and checks that every claim is cited.
It reads through ``store`` and ``retrieval`` and writes through ``llm``; it knows
nothing of HTTP.
"""
