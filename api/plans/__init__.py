"""Plans: what matters to a person, in their own words, sent by the bot for practitioners.

A plan only ever reaches the API when the person chose to send it, so there are no drafts
here: every plan is one a practitioner should read.
"""
