"""The vocabulary the bot and the API share, written once.

Both environments import it (Rasa's Python 3.10 and the API's 3.11+), so it depends on nothing
but the standard library and runs on Python 3.10. What crosses the HTTP boundary between the
bot, the API and the pages is named here: the parts of a conversation and their order per role,
their headings, the stages, the reference and resume-code formats, and the slots the pages read.
"""
