"""Moderation pages that combine apps (the admin dashboard). The per-app admin pieces and the province scoping
live in ``artisans.moderation``, which every app's admin can import."""
