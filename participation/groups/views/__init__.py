"""The pages of actors, groups, meetings and invitations."""
