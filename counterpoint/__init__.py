"""Counterpoint: a sourced incident database from news, blog posts and field reports."""

__version__ = "0.1.0"
