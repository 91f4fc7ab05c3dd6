"""Turning files and API payloads into stored, indexed records."""
