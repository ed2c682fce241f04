"""Rebound: a career coach that turns a rejection letter into a follow-up plan."""

__version__ = "0.1.0"
