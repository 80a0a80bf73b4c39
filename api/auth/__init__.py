"""Who is calling: practitioners sign in for a JWT; the bot presents its service token."""
