"""Browser tests (issue [7 browser]): Playwright driving Debian's Chromium against a served build.

A package, so that its ``conftest`` does not shadow ``tests/conftest.py`` (imported as ``conftest``).
"""
