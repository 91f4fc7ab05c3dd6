"""Chunking, embedding and search behind one small interface.

Callers use ``retrieval.index.VectorIndex``; every search names its tenant.
"""
