"""Fictional data for trying Workbridge: every app's demo rows and the commands that seed them.

The demo reaches into every domain app, so it sits in the top layer beside the API and the
project's own web pages; no app imports it.
"""
