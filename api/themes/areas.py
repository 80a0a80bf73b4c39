"""The Talking Points outcome areas (Cook & Miller, Joint Improvement Team, 2012).

Used quietly, for themes and planning services: never shown to the person, never a tick list,
never used to decide anything about anyone. A person's outcomes take the areas for people
using services; a carer's own outcomes take the carers' set.
"""

from __future__ import annotations

import enum

from api.plans.models import PlanRole


class Area(enum.StrEnum):
    # People using services: quality of life.
    FEELING_SAFE = "feeling_safe"
    THINGS_TO_DO = "things_to_do"
    SEEING_PEOPLE = "seeing_people"
    STAYING_WELL = "staying_well"
    LIVING_AS_YOU_WANT = "living_as_you_want"
    DEALING_WITH_STIGMA = "dealing_with_stigma"
    # People using services: process.
    LISTENED_TO = "listened_to"
    HAVING_A_SAY = "having_a_say"
    TREATED_WITH_RESPECT = "treated_with_respect"
    RESPONDED_TO = "responded_to"
    RELIABILITY = "reliability"
    # People using services: change.
    CONFIDENCE_AND_MORALE = "confidence_and_morale"
    SKILLS = "skills"
    MOBILITY = "mobility"
    REDUCED_SYMPTOMS = "reduced_symptoms"
    # Unpaid carers: the quality of life of the person cared for.
    CARED_FOR_QUALITY_OF_LIFE = "carer_cared_for_quality_of_life"
    # Unpaid carers: their own quality of life.
    CARER_HEALTH_AND_WELLBEING = "carer_health_and_wellbeing"
    CARER_LIFE_OF_THEIR_OWN = "carer_life_of_their_own"
    CARER_POSITIVE_RELATIONSHIP = "carer_positive_relationship"
    CARER_FINANCES = "carer_finances"
    # Unpaid carers: managing the caring role.
    CARER_CHOICES_IN_CARING = "carer_choices_in_caring"
    CARER_INFORMED_AND_EQUIPPED = "carer_informed_and_equipped"
    CARER_SATISFACTION_IN_CARING = "carer_satisfaction_in_caring"
    CARER_PARTNERSHIP_WITH_SERVICES = "carer_partnership_with_services"
    # Unpaid carers: process.
    CARER_VALUED_AND_RESPECTED = "carer_valued_and_respected"
    CARER_HAVING_A_SAY = "carer_having_a_say"
    CARER_FLEXIBLE_SERVICES = "carer_flexible_services"
    CARER_RELATIONSHIPS_WITH_PRACTITIONERS = "carer_relationships_with_practitioners"
    CARER_ACCESSIBLE_SERVICES = "carer_accessible_services"


# Each area's name and the group it belongs to, in the words of Talking Points.
NAMES: dict[Area, tuple[str, str]] = {
    Area.FEELING_SAFE: ("Feeling safe", "Quality of life"),
    Area.THINGS_TO_DO: ("Having things to do", "Quality of life"),
    Area.SEEING_PEOPLE: ("Seeing people", "Quality of life"),
    Area.STAYING_WELL: ("Staying as well as you can", "Quality of life"),
    Area.LIVING_AS_YOU_WANT: ("Living where and as you want", "Quality of life"),
    Area.DEALING_WITH_STIGMA: ("Dealing with stigma or discrimination", "Quality of life"),
    Area.LISTENED_TO: ("Being listened to", "Process"),
    Area.HAVING_A_SAY: ("Having a say", "Process"),
    Area.TREATED_WITH_RESPECT: ("Being treated with respect", "Process"),
    Area.RESPONDED_TO: ("Being responded to", "Process"),
    Area.RELIABILITY: ("Reliability", "Process"),
    Area.CONFIDENCE_AND_MORALE: ("Improved confidence or morale", "Change"),
    Area.SKILLS: ("Improved skills", "Change"),
    Area.MOBILITY: ("Improved mobility", "Change"),
    Area.REDUCED_SYMPTOMS: ("Reduced symptoms", "Change"),
    Area.CARED_FOR_QUALITY_OF_LIFE: (
        "Quality of life for the person cared for",
        "Carers: the person cared for",
    ),
    Area.CARER_HEALTH_AND_WELLBEING: ("Maintaining health and wellbeing", "Carers: own life"),
    Area.CARER_LIFE_OF_THEIR_OWN: ("A life of their own", "Carers: own life"),
    Area.CARER_POSITIVE_RELATIONSHIP: (
        "A positive relationship with the person cared for",
        "Carers: own life",
    ),
    Area.CARER_FINANCES: ("Freedom from financial hardship", "Carers: own life"),
    Area.CARER_CHOICES_IN_CARING: (
        "Choices in caring, including its limits",
        "Carers: managing the caring role",
    ),
    Area.CARER_INFORMED_AND_EQUIPPED: (
        "Feeling informed and equipped",
        "Carers: managing the caring role",
    ),
    Area.CARER_SATISFACTION_IN_CARING: (
        "Satisfaction in caring",
        "Carers: managing the caring role",
    ),
    Area.CARER_PARTNERSHIP_WITH_SERVICES: (
        "Partnership with services",
        "Carers: managing the caring role",
    ),
    Area.CARER_VALUED_AND_RESPECTED: ("Valued and respected", "Carers: process"),
    Area.CARER_HAVING_A_SAY: ("Having a say", "Carers: process"),
    Area.CARER_FLEXIBLE_SERVICES: ("Flexible services", "Carers: process"),
    Area.CARER_RELATIONSHIPS_WITH_PRACTITIONERS: (
        "Positive relationships with practitioners",
        "Carers: process",
    ),
    Area.CARER_ACCESSIBLE_SERVICES: ("Accessible services", "Carers: process"),
}

AREAS_FOR: dict[PlanRole, tuple[Area, ...]] = {
    PlanRole.PERSON: tuple(area for area in Area if not area.value.startswith("carer_")),
    PlanRole.CARER: tuple(area for area in Area if area.value.startswith("carer_")),
}


def name(area: Area) -> str:
    return NAMES[area][0]
