"""Durable nudges: what to remind a user of, when, and the scheduler that delivers them."""
