"""What a plan is made of: whose it is, its parts in the order asked, and their headings."""

from __future__ import annotations

from collections.abc import Mapping

from contract._enum import StrEnum


class Role(StrEnum):
    """Whose plan it is: the person's own, or an unpaid carer's (never merged with the person's)."""

    PERSON = "person"
    CARER = "carer"


class Part(StrEnum):
    """Every part of a conversation, either role's; the person may skip any.

    Each free-text part is a slot of the bot's forms, a key of its `answers` slot and of the
    API's `sections`, stored by the API under its value (at most 30 characters) with no
    migration. The order parts are asked and shown in is SECTIONS_FOR's, not this enum's.
    """

    # An outcome is quotes with the same position: what matters, and why it matters; what the
    # person added when it was read back to them ("I want to add something"); then, once they
    # are in the person's order, what would help with it and who could help with that.
    WHAT_MATTERS = "what_matters"
    WHY_IT_MATTERS = "why_it_matters"
    OUTCOME_ADDED = "outcome_added"
    OUTCOME_HELP = "outcome_help"
    OUTCOME_WHO = "outcome_who"
    # What to call them (optional, either role): asked first, kept verbatim.
    CALL_ME = "call_me"
    WORKING_WELL = "working_well"
    NOT_WORKING = "not_working"
    # Asked only after something not working was named: "How does that affect your day?"
    NOT_WORKING_EFFECT = "not_working_effect"
    STRENGTHS = "strengths"
    PEOPLE = "people"
    WHAT_WOULD_HELP = "what_would_help"
    WHO_COULD_HELP = "who_could_help"
    ANYTHING_ELSE = "anything_else"
    # The carer's conversation (Carers (Scotland) Act 2016, s.9(1)).
    CARED_FOR = "cared_for"
    # The first name of the person a carer looks after, and where they live (the council that
    # is responsible is theirs): used, with the carer's consent, to suggest a match to the worker.
    CARED_FOR_NAME = "cared_for_name"
    CARED_FOR_TOWN = "cared_for_town"
    CARING_ROLE = "caring_role"
    CARING_IMPACT = "caring_impact"
    PERSON_MATTERS = "person_matters"
    PERSON_MATTERS_WHY = "person_matters_why"
    KEEP_CARING = "keep_caring"
    EMERGENCY_PLAN = "emergency_plan"
    FUTURE_CARE = "future_care"
    NEED_BREAK = "need_break"
    # (l): what would make them want to look at the plan again.
    LOOK_AGAIN = "look_again"
    # Before we meet, either role: how the worker can reach them and prepare for meeting them.
    TYPING = "typing"
    CONTACT = "contact"
    TOWN = "town"
    SAFE_TO_CONTACT = "safe_to_contact"
    MEET_HOW = "meet_how"
    MEET_WHEN = "meet_when"
    COMMUNICATION = "communication"
    AT_THE_VISIT = "at_the_visit"
    NOT_INVOLVED = "not_involved"
    MAY_TALK_TO = "may_talk_to"
    # A review (Kind.REVIEW), for each thing that mattered in the plan under review, stored at
    # that outcome's position: how it is now, what helped, what got in the way, whether it still
    # matters. Never parts of a plan's `sections`: a review sends them as `reviewed`.
    REVIEW_NOW = "review_now"
    REVIEW_HELPED = "review_helped"
    REVIEW_IN_THE_WAY = "review_in_the_way"
    REVIEW_STILL_MATTERS = "review_still_matters"


# On the wire (POST /api/v1/plans, and the bot's `outcomes` slot), an outcome is
#   {"what": Quote, "why": Quote | null, "added": [Quote, ...] (at most MAX_ADDED),
#    "help": Quote | null, "who": Quote | null}
# in the person's order of priority, and every Quote is
#   {"text", "message_id", "said_at", "asked": the question as they read it | null,
#    "follows": a Follows value | null}.
# A carer's plan also says whether they agreed that their cared-for person's name and town may
# be used to suggest a match to the worker ("match_consent": bool).
OUTCOME_FIELDS: Mapping[str, Part] = {
    "what": Part.WHAT_MATTERS,
    "why": Part.WHY_IT_MATTERS,
    "added": Part.OUTCOME_ADDED,
    "help": Part.OUTCOME_HELP,
    "who": Part.OUTCOME_WHO,
}

# Not a part of the conversation: a question the person asked for the practitioner, stored
# beside the parts' quotes.
QUESTION = "question"

OUTCOME_PARTS: tuple[Part, ...] = (
    Part.WHAT_MATTERS,
    Part.WHY_IT_MATTERS,
    Part.OUTCOME_ADDED,
    Part.OUTCOME_HELP,
    Part.OUTCOME_WHO,
)
# How many times the person may add to one thing that matters before it is kept.
MAX_ADDED = 5
# What a review asks of each thing that mattered, in the order asked (the movement is asked
# after REVIEW_NOW, as a choice, never instead of the words).
REVIEW_OUTCOME_PARTS: tuple[Part, ...] = (
    Part.REVIEW_NOW,
    Part.REVIEW_HELPED,
    Part.REVIEW_IN_THE_WAY,
    Part.REVIEW_STILL_MATTERS,
)
# Every part but the outcome's two and a review's per-outcome four: one quote each.
FREE_TEXT_SECTIONS: tuple[Part, ...] = tuple(
    p for p in Part if p not in OUTCOME_PARTS and p not in REVIEW_OUTCOME_PARTS
)

# Asked near the end, after the person agrees to a few more questions; the practitioner reads
# them first, as "Before we meet".
BEFORE_WE_MEET: tuple[Part, ...] = (
    Part.TYPING,
    Part.CONTACT,
    Part.SAFE_TO_CONTACT,
    Part.TOWN,
    Part.MEET_HOW,
    Part.MEET_WHEN,
    Part.COMMUNICATION,
    Part.AT_THE_VISIT,
    Part.NOT_INVOLVED,
    Part.MAY_TALK_TO,
)
_SHARED_SECTIONS: tuple[Part, ...] = (
    Part.STRENGTHS,
    Part.PEOPLE,
    Part.WHAT_WOULD_HELP,
    Part.WHO_COULD_HELP,
    *BEFORE_WE_MEET,
    Part.ANYTHING_ELSE,
)
# The free-text sections, in the order they are asked and shown. What to call them comes first,
# before what matters; "what would help" and "who could help" are asked once for the whole plan
# only when nothing that matters was named (otherwise for each thing, as OUTCOME_HELP/WHO).
# Neither is asked of a review: WHOLE_PLAN_HELP are those two.
WHOLE_PLAN_HELP: tuple[Part, ...] = (Part.WHAT_WOULD_HELP, Part.WHO_COULD_HELP)
PERSON_OPENING: tuple[Part, ...] = (Part.CALL_ME,)
PERSON_SECTIONS: tuple[Part, ...] = (
    *PERSON_OPENING,
    Part.WORKING_WELL,
    Part.NOT_WORKING,
    Part.NOT_WORKING_EFFECT,
    *_SHARED_SECTIONS,
)
# A carer is asked who they look after, what caring involves and how it affects them
# (CARER_OPENING); then what matters to them, the carer, before anything else: they are not
# "just a carer". Then their own life and the s.9(1) items in the Act's order (working well;
# able and willing; an emergency (c); the future (d); a break (k)), and only then what they
# think matters to the person they look after, and when they would want to look at the plan
# again (l) (CARER_LIFE).
CARER_OPENING: tuple[Part, ...] = (
    Part.CALL_ME,
    Part.CARED_FOR,
    Part.CARED_FOR_NAME,
    Part.CARED_FOR_TOWN,
    Part.CARING_ROLE,
    Part.CARING_IMPACT,
)
CARER_LIFE: tuple[Part, ...] = (
    Part.WORKING_WELL,
    Part.KEEP_CARING,
    Part.EMERGENCY_PLAN,
    Part.FUTURE_CARE,
    Part.NEED_BREAK,
    Part.PERSON_MATTERS,
    Part.PERSON_MATTERS_WHY,
    Part.STRENGTHS,
    Part.PEOPLE,
    Part.WHAT_WOULD_HELP,
    Part.WHO_COULD_HELP,
    Part.LOOK_AGAIN,
    *BEFORE_WE_MEET,
    Part.ANYTHING_ELSE,
)
CARER_SECTIONS: tuple[Part, ...] = CARER_OPENING + CARER_LIFE
SECTIONS_FOR: Mapping[Role, tuple[Part, ...]] = {
    Role.PERSON: PERSON_SECTIONS,
    Role.CARER: CARER_SECTIONS,
}


class Kind(StrEnum):
    """A first plan, or a review of one (its own record, linked to the plan; it never changes
    the plan's words)."""

    PLAN = "plan"
    REVIEW = "review"


class Movement(StrEnum):
    """How a thing that mattered has gone since last time, as the person chose it (optional,
    and never instead of their words)."""

    BETTER = "better"
    SAME = "same"
    WORSE = "worse"
    RATHER_NOT_SAY = "rather_not_say"


# A review's free-text sections beside its reviewed outcomes and new outcomes: a carer's review
# asks again about the s.9 parts that change (able and willing, emergencies, a break).
REVIEW_SECTIONS_FOR: Mapping[Role, tuple[Part, ...]] = {
    Role.PERSON: (Part.ANYTHING_ELSE,),
    Role.CARER: (
        Part.KEEP_CARING,
        Part.EMERGENCY_PLAN,
        Part.FUTURE_CARE,
        Part.NEED_BREAK,
        Part.ANYTHING_ELSE,
    ),
}
# How long a review invitation's code works, unless the practitioner chooses otherwise.
REVIEW_CODE_DAYS = 30
REVIEW_CODE_MAX_DAYS = 90
# The practitioner's note that the assistant reads at the start of the review.
REVIEW_NOTE_LENGTH = 500

# The value of the bot's `person_reference` slot when a carer has no reference to give.
NO_REFERENCE = "none"
MAX_OUTCOMES = 10

# What the person or carer reads of their own plan (the chat's draft, "My plan"): their voice.
HEADINGS_FIRST_PERSON: Mapping[Part, str] = {
    Part.WHAT_MATTERS: "What matters to me",
    Part.WHY_IT_MATTERS: "Why it matters",
    Part.OUTCOME_ADDED: "What I added",
    Part.OUTCOME_HELP: "What would help with this",
    Part.OUTCOME_WHO: "Who could help with this",
    Part.CALL_ME: "What to call me",
    Part.CARED_FOR_NAME: "Their name",
    Part.CARED_FOR_TOWN: "Where they live",
    Part.TOWN: "Where I live",
    Part.CARED_FOR: "Who I look after",
    Part.CARING_ROLE: "What looking after them involves",
    Part.CARING_IMPACT: "How caring affects me",
    Part.PERSON_MATTERS: "What I think matters to them",
    Part.PERSON_MATTERS_WHY: "Why I think it matters to them",
    Part.KEEP_CARING: "Keeping on caring",
    Part.EMERGENCY_PLAN: "In an emergency",
    Part.FUTURE_CARE: "Caring in the future",
    Part.NEED_BREAK: "A break from caring",
    Part.LOOK_AGAIN: "When I would want to look at this plan again",
    Part.WORKING_WELL: "What is working well",
    Part.NOT_WORKING: "What is not working so well",
    Part.NOT_WORKING_EFFECT: "How that affects my day",
    Part.STRENGTHS: "My strengths",
    Part.PEOPLE: "People, places and groups that matter to me",
    Part.WHAT_WOULD_HELP: "What would help",
    Part.WHO_COULD_HELP: "Who could help",
    Part.ANYTHING_ELSE: "Anything else, and my questions",
    Part.TYPING: "Who typed my answers",
    Part.CONTACT: "How the worker can reach me",
    Part.SAFE_TO_CONTACT: "Whether it is safe to call me or leave a message",
    Part.MEET_HOW: "How I would like to meet",
    Part.MEET_WHEN: "Times that suit me",
    Part.COMMUNICATION: "What helps me communicate",
    Part.AT_THE_VISIT: "Who I would like there when we meet",
    Part.NOT_INVOLVED: "Anyone I would not want involved",
    Part.MAY_TALK_TO: "Who the worker may talk to about my plan",
    Part.REVIEW_NOW: "How it is now",
    Part.REVIEW_HELPED: "What has helped",
    Part.REVIEW_IN_THE_WAY: "What has got in the way",
    Part.REVIEW_STILL_MATTERS: "Whether it still matters to me",
}
# What a practitioner reads of someone's plan.
HEADINGS_THIRD_PERSON: Mapping[Part, str] = {
    Part.WHAT_MATTERS: "What matters",
    Part.WHY_IT_MATTERS: "Why it matters",
    Part.OUTCOME_ADDED: "Added when read back",
    Part.OUTCOME_HELP: "What would help with this",
    Part.OUTCOME_WHO: "Who could help with this",
    Part.CALL_ME: "What to call them",
    Part.CARED_FOR_NAME: "The name of the person they look after",
    Part.CARED_FOR_TOWN: "Where the person they look after lives",
    Part.TOWN: "Where they live",
    Part.WORKING_WELL: "What is working well",
    Part.NOT_WORKING: "What is not working so well",
    Part.NOT_WORKING_EFFECT: "How that affects their day",
    Part.STRENGTHS: "Strengths",
    Part.PEOPLE: "People, places and groups",
    Part.WHAT_WOULD_HELP: "What would help",
    Part.WHO_COULD_HELP: "Who could help",
    Part.ANYTHING_ELSE: "Anything else",
    Part.CARED_FOR: "Who they look after",
    Part.CARING_ROLE: "What caring involves",
    Part.CARING_IMPACT: "How caring affects them",
    Part.PERSON_MATTERS: "What they think matters to the person",
    Part.PERSON_MATTERS_WHY: "Why they think it matters to the person",
    Part.KEEP_CARING: "Keeping on caring",
    Part.EMERGENCY_PLAN: "In an emergency",
    Part.FUTURE_CARE: "Caring in the future",
    Part.NEED_BREAK: "A break from caring",
    Part.LOOK_AGAIN: "What would make them want to look at the plan again",
    Part.TYPING: "Who typed the answers",
    Part.CONTACT: "How to reach them",
    Part.SAFE_TO_CONTACT: "Safe to call or leave a message",
    Part.MEET_HOW: "How they would like to meet",
    Part.MEET_WHEN: "Times that suit them",
    Part.COMMUNICATION: "What helps them communicate",
    Part.AT_THE_VISIT: "Who they would like at the visit",
    Part.NOT_INVOLVED: "Anyone they would not want involved",
    Part.MAY_TALK_TO: "Who the worker may talk to about the plan",
    Part.REVIEW_NOW: "How it is now",
    Part.REVIEW_HELPED: "What has helped",
    Part.REVIEW_IN_THE_WAY: "What has got in the way",
    Part.REVIEW_STILL_MATTERS: "Whether it still matters",
}


class Follows(StrEnum):
    """A mark on an answer a practitioner can trust: it was given after the assistant offered
    an example ("I don't know" → an example), or with or just after a safety check."""

    PROMPT = "prompt"
    SAFETY_CHECK = "safety_check"


FOLLOWS_LABELS: Mapping[Follows, str] = {
    Follows.PROMPT: "Answered after an example was offered",
    Follows.SAFETY_CHECK: "Answered with or just after a safety check",
}
# The exact question an answer was given to, as the person read it (names filled in).
ASKED_LENGTH = 2000

# A review as the person reads it in their draft and "My plan".
REVIEWED_FIRST_PERSON = "Looking again at what mattered to me"
MOVEMENT_FIRST_PERSON = "Better, the same or worse"
NEW_OUTCOMES_FIRST_PERSON = "New things that matter to me"
# A movement as either reader sees it beside the person's words.
MOVEMENT_LABELS: Mapping[Movement, str] = {
    Movement.BETTER: "Better",
    Movement.SAME: "About the same",
    Movement.WORSE: "Worse",
    Movement.RATHER_NOT_SAY: "Rather not say",
}

# The rest of what is sent, as the person reads it in their draft and "My plan": everything the
# practitioner will see, in the person's voice. A skipped part is said to be skipped, never
# shown as empty (which reads as lost).
SKIPPED_FIRST_PERSON = "You chose to skip this."
QUESTIONS_FIRST_PERSON = "My questions for the worker"
FLAGS_FIRST_PERSON = "What I said that the worker will follow up"
# A flag's level (the API's FlagLevel) as the person reads it: harm and life make a plan urgent.
URGENT_LEVELS = frozenset({"harm", "life"})
FLAG_URGENT_FIRST_PERSON = "Marked urgent"
FLAG_ASK_FIRST_PERSON = "For the worker to ask me about"


def flag_label_first_person(level: str | None) -> str:
    """How a flag of this level reads in the person's own plan."""
    return FLAG_URGENT_FIRST_PERSON if level in URGENT_LEVELS else FLAG_ASK_FIRST_PERSON
