"""Foundation shared by every layer: settings, the error tree and record models.

Nothing here imports from another Sideline package.
"""
