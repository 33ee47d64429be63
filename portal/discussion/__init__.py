"""The forum's discussion: themes, threads and posts of an edition's participants."""
