"""The web pages: the conversation for people and carers, and the practitioners' pages."""
