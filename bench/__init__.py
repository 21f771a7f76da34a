"""Seed big data sets and measure the app under load; never run by the test suite."""
