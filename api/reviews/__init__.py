"""Reviews: a practitioner's invitation to look again at a plan, claimed by one conversation
with a code, and the history of a plan across its reviews. The review itself is a plan of its
own (kind review), received like any plan (api/plans)."""
