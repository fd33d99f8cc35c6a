"""Spiders: one generic press spider driven by a source entry."""
