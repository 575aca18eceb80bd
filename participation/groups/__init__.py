"""Participation groups, actors, meetings and invitations."""
