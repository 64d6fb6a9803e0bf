"""`make bench`: how fast the repository is, against a plain Wagtail build and the database's own
limit. See docs/benchmarks.md.
"""
