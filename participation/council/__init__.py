"""The council's bodies, meetings and Vorlagen with their Gremienweg."""
