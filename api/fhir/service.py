"""A plan as a FHIR R4 document Bundle, with every quote byte for byte and its Provenance.

The Bundle is built as plain JSON (so that nothing between the database and the wire can
touch the person's words) and then checked against fhir.resources' R4B models before it is
returned: what leaves here is something a FHIR library accepts.

Who is who: the plan's author is the bundle's `Patient`. For a person's plan that is the
person; a carer's plan travels as its own Bundle, about the carer (their own record, as an
adult carer support plan is). A carer linked to a person's plan appears in the person's Bundle
as a `RelatedPerson` naming only the carer's plan reference, never the carer's words: the
two records stay separate.

A review (a plan of kind review) exports as a Bundle of its own, like any plan (its new things
that matter are its Goals), plus, for each thing that mattered that it went over, a copy of the
reviewed plan's Goal (the first words, byte for byte, identified by the reviewed plan's
reference and the outcome's number) whose `outcomeReference` is one `Observation`: `focus` that
Goal, a component per answer (how it is now, what helped, what got in the way, whether it still
matters: their words in `valueString`, each with its Provenance) and the movement they chose as
a component too. The Composition gains a section "Then and now". The plan's own Bundle does
not change: nothing already exported changes shape.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from api.core.database import utcnow
from api.fhir.questionnaire import OUTCOME, canonical_url, question_text
from api.plans.models import FlagLevel, Plan, PlanFlag, PlanItem, PlanKind, PlanRole
from contract.plan import (
    FOLLOWS_LABELS,
    HEADINGS_THIRD_PERSON,
    MOVEMENT_LABELS,
    OUTCOME_PARTS,
    QUESTION,
    REVIEW_OUTCOME_PARTS,
    SECTIONS_FOR,
    Part,
)

MEDIA_TYPE = "application/fhir+json"
UK_CORE = "https://fhir.hl7.org.uk/StructureDefinition/"
PROFILES = {
    "Composition": UK_CORE + "UKCore-Composition",
    "QuestionnaireResponse": UK_CORE + "UKCore-QuestionnaireResponse",
    "CarePlan": UK_CORE + "UKCore-CarePlan",
    "Flag": UK_CORE + "UKCore-Flag",
    "RelatedPerson": UK_CORE + "UKCore-RelatedPerson",
    # There is no UK Core Goal: the base resource, with no profile.
}
# FHIR's own code systems and extensions, exactly as the specification names them.
TARGET_ELEMENT = "http://hl7.org/fhir/StructureDefinition/targetElement"
PARTICIPANT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
FLAG_CATEGORY = "http://terminology.hl7.org/CodeSystem/flag-category"
LIST_EMPTY_REASON = "http://terminology.hl7.org/CodeSystem/list-empty-reason"
XHTML = "http://www.w3.org/1999/xhtml"
# Stable ids: the same plan exported twice names its resources the same way.
_NAMESPACE = uuid.UUID("3f1d2b0e-6a4c-5e8f-9b7a-1c2d3e4f5a6b")

# The parts' names, as practitioners read them on the plan page.
PART_NAMES: dict[Part, str] = {
    Part.WHAT_MATTERS: "What matters",
    Part.WHY_IT_MATTERS: "Why it matters",
    **HEADINGS_THIRD_PERSON,
}
LEVEL_NAMES: dict[FlagLevel, str] = {
    FlagLevel.LIFE: "Risk to life or a medical emergency",
    FlagLevel.HARM: "Possible harm",
    FlagLevel.CHECK: "Asked a check question, not answered",
    FlagLevel.CONCERN: "For the worker to ask about",
}


class ExportError(Exception):
    """The plan holds something FHIR cannot carry as it is (never the person's words here)."""


def _systems(base_url: str) -> dict[str, str]:
    """Our own identifier and code systems, under the address the API is published at."""
    return {
        "plan": f"{base_url}/fhir/NamingSystem/plan-reference",
        "message": f"{base_url}/fhir/NamingSystem/message-id",
        "category": f"{base_url}/fhir/CodeSystem/safety-category",
        "outcome": f"{base_url}/fhir/NamingSystem/plan-outcome",
        "movement": f"{base_url}/fhir/CodeSystem/review-movement",
        "follows": f"{base_url}/fhir/CodeSystem/answer-follows",
        # Extensions of our own, on the element that holds someone's words: the question they
        # were answering as they read it, and the answer's mark (FOLLOWS_LABELS).
        "asked": f"{base_url}/fhir/StructureDefinition/question-asked",
        "marked": f"{base_url}/fhir/StructureDefinition/answer-follows",
    }


def _instant(moment: datetime) -> str:
    return moment.isoformat()


@dataclass
class _Document:
    """The resources of one Bundle, in order, with a stable urn:uuid for each."""

    plan: Plan
    base_url: str
    entries: list[dict[str, Any]] = field(default_factory=list)

    def urn(self, key: str) -> str:
        return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'plan/{self.plan.id}/{key}')}"

    def add(self, key: str, resource: dict[str, Any]) -> str:
        url = self.urn(key)
        profile = PROFILES.get(resource["resourceType"])
        head: dict[str, Any] = {"resourceType": resource.pop("resourceType")}
        head["id"] = url.removeprefix("urn:uuid:")
        if profile:
            head["meta"] = {"profile": [profile]}
        self.entries.append({"fullUrl": url, "resource": head | resource})
        return url

    def provenance(
        self, *, key: str, target: str, element: str, quote: PlanItem | PlanFlag
    ) -> None:
        """Who wrote one quote, and in which message: the author is the plan's own author
        (the Patient), never this system, which only carried the words."""
        said_at, message_id = quote.said_at, quote.message_id
        source = (
            [
                {
                    "role": "source",
                    "what": {
                        "identifier": {
                            "system": _systems(self.base_url)["message"],
                            "value": message_id,
                        },
                        "display": "The message they typed",
                    },
                }
            ]
            if message_id is not None
            else []
        )
        self.add(
            f"provenance/{key}",
            {
                "resourceType": "Provenance",
                "target": [
                    {
                        "reference": target,
                        "extension": [{"url": TARGET_ELEMENT, "valueUri": element}],
                    }
                ],
                "occurredDateTime": _instant(said_at),
                "recorded": _instant(self.plan.received_at),
                "agent": [
                    {
                        "type": {
                            "coding": [
                                {"system": PARTICIPANT_TYPE, "code": "author", "display": "Author"}
                            ],
                            "text": "Wrote these words themselves",
                        },
                        "who": {"reference": self.urn("patient")},
                    }
                ],
                **({"entity": source} if source else {}),
            },
        )

    def cite_all(self, kind: str, target: str, items: Sequence[PlanItem]) -> None:
        """A Provenance for each quote, held in `target` at the element named after it."""
        for item in items:
            element = _element(item)
            self.provenance(
                key=f"{kind}/{element}",
                target=target,
                element=element,
                quote=item,
            )


def _element(item: PlanItem) -> str:
    """The element id a quote is given wherever it is carried: its section and position (and,
    for what was added to an outcome, which addition)."""
    if item.section == Part.OUTCOME_ADDED:
        return f"{item.section}-{item.position}-{item.ordinal}"
    return f"{item.section}-{item.position}"


def _marks(base_url: str, quote: PlanItem | PlanFlag) -> dict[str, Any]:
    """The question a quote answered and its mark, as extensions of the element holding it;
    {} when the bot sent neither (older plans)."""
    systems = _systems(base_url)
    extensions: list[dict[str, Any]] = []
    if quote.asked is not None:
        extensions.append({"url": systems["asked"], "valueString": quote.asked})
    if quote.follows is not None:
        extensions.append(
            {
                "url": systems["marked"],
                "valueCoding": {
                    "system": systems["follows"],
                    "code": quote.follows.value,
                    "display": FOLLOWS_LABELS[quote.follows],
                },
            }
        )
    return {"extension": extensions} if extensions else {}


def _narrative(lines: Sequence[str]) -> dict[str, str]:
    # Only our own fixed words (section names) are ever put into narrative, so no escaping of
    # anyone's words is involved.
    items = "".join(f"<li>{line}</li>" for line in lines)
    return {"status": "generated", "div": f'<div xmlns="{XHTML}"><ul>{items}</ul></div>'}


def _by_section(plan: Plan) -> dict[str, list[PlanItem]]:
    """The plan's quotes by stored section (a Part's value, or QUESTION), in position order."""
    grouped: dict[str, list[PlanItem]] = {section: [] for section in (*Part, QUESTION)}
    for item in sorted(plan.items, key=lambda i: (i.section, i.position, i.ordinal)):
        grouped[item.section].append(item)
    return grouped


def _answer(base_url: str, item: PlanItem) -> dict[str, Any]:
    return {"id": _element(item), **_marks(base_url, item), "valueString": item.text}


def _patient(doc: _Document) -> None:
    # The least identifying record that can carry the plan: no name, no date of birth, only
    # the plan reference the person was given.
    plan = doc.plan
    doc.add(
        "patient",
        {
            "resourceType": "Patient",
            "identifier": [{"system": _systems(doc.base_url)["plan"], "value": plan.reference}],
        },
    )


def _goals(doc: _Document, grouped: dict[str, list[PlanItem]]) -> dict[int, str]:
    """A Goal for each thing that matters, by its place in the person's order of priority."""
    whys = {item.position: item for item in grouped[Part.WHY_IT_MATTERS]}
    urls: dict[int, str] = {}
    for what in grouped[Part.WHAT_MATTERS]:
        why = whys.get(what.position)
        key = f"goal/{what.position}"
        goal: dict[str, Any] = {
            "resourceType": "Goal",
            "lifecycleStatus": "proposed",
            # Their order of priority: 1 matters most.
            "priority": {"text": f"{what.position + 1} in their order of priority"},
            "description": {"id": "description", **_marks(doc.base_url, what), "text": what.text},
            "subject": {"reference": doc.urn("patient")},
            "expressedBy": {"reference": doc.urn("patient")},
        }
        if why is not None:
            # The why, in their words: an Annotation every FHIR system shows.
            goal["note"] = [
                {
                    "id": "why",
                    **_marks(doc.base_url, why),
                    "authorReference": {"reference": doc.urn("patient")},
                    "time": _instant(why.said_at),
                    "text": why.text,
                }
            ]
        url = doc.add(key, goal)
        urls[what.position] = url
        doc.provenance(
            key=f"{key}/what",
            target=url,
            element="description",
            quote=what,
        )
        if why is not None:
            doc.provenance(
                key=f"{key}/why",
                target=url,
                element="why",
                quote=why,
            )
    return urls


def _questionnaire_response(doc: _Document, grouped: dict[str, list[PlanItem]]) -> str:
    plan = doc.plan
    items: list[dict[str, Any]] = []
    # One group per thing that matters, in the person's order of priority: what, why, what
    # they added when it was read back (several answers), what would help, who could help.
    for what in grouped[Part.WHAT_MATTERS]:
        parts = []
        for part in OUTCOME_PARTS:
            said = [item for item in grouped[part] if item.position == what.position]
            if said:
                answers = [_answer(doc.base_url, item) for item in said]
                parts.append({"linkId": str(part), "answer": answers})
        items.append({"linkId": OUTCOME, "id": f"{OUTCOME}-{what.position}", "item": parts})
    for section in (*SECTIONS_FOR[plan.role], QUESTION):
        quotes = grouped[section]
        if quotes:
            items.append(
                {
                    "linkId": str(section),
                    "text": question_text(section, plan.role),
                    "answer": [_answer(doc.base_url, quote) for quote in quotes],
                }
            )
    url = doc.add(
        "questionnaire-response",
        {
            "resourceType": "QuestionnaireResponse",
            "questionnaire": canonical_url(doc.base_url, plan.role),
            "status": "completed",
            "subject": {"reference": doc.urn("patient")},
            "authored": _instant(plan.sent_at),
            "author": {"reference": doc.urn("patient")},
            "source": {"reference": doc.urn("patient")},
            **({"item": items} if items else {}),
        },
    )
    answered = (*OUTCOME_PARTS, *SECTIONS_FOR[plan.role])
    for section in (*answered, QUESTION):
        doc.cite_all("questionnaire-response", url, grouped[section])
    return url


def _care_plan(
    doc: _Document,
    grouped: dict[str, list[PlanItem]],
    goals: dict[int, str],
    carers: list[str],
) -> str:
    """What would help (activities, in their words) and who could help (notes, in their
    words): for the whole plan, tied to every goal, and for each thing that matters, tied to
    its own goal."""
    linked_goals = {"goal": [{"reference": url} for url in goals.values()]} if goals else {}

    def tied(item: PlanItem) -> dict[str, Any]:
        goal = goals.get(item.position)
        return {"goal": [{"reference": goal}]} if goal else {}

    helps = grouped[Part.OUTCOME_HELP] + grouped[Part.WHAT_WOULD_HELP]
    activities = [
        {
            "id": _element(item),
            "detail": {
                "status": "not-started",
                "description": item.text,
                **(tied(item) if item.section == Part.OUTCOME_HELP else linked_goals),
            },
            **_marks(doc.base_url, item),
        }
        for item in helps
    ]
    whos = grouped[Part.OUTCOME_WHO] + grouped[Part.WHO_COULD_HELP]
    notes = [
        {
            "id": _element(item),
            **_marks(doc.base_url, item),
            "authorReference": {"reference": doc.urn("patient")},
            "time": _instant(item.said_at),
            "text": item.text,
        }
        for item in whos
    ]
    url = doc.add(
        "care-plan",
        {
            "resourceType": "CarePlan",
            "status": "draft",
            "intent": "proposal",
            "title": f"What matters: plan {doc.plan.reference}",
            "subject": {"reference": doc.urn("patient")},
            "created": _instant(doc.plan.sent_at),
            "author": {"reference": doc.urn("patient")},
            "contributor": [{"reference": doc.urn("patient")}]
            + [{"reference": carer} for carer in carers],
            **({"goal": [{"reference": g} for g in goals.values()]} if goals else {}),
            **({"activity": activities} if activities else {}),
            **({"note": notes} if notes else {}),
        },
    )
    doc.cite_all("care-plan", url, helps)
    doc.cite_all("care-plan", url, whos)
    return url


def _flags(doc: _Document, flags: Sequence[PlanFlag]) -> list[str]:
    urls = []
    category_system = _systems(doc.base_url)["category"]
    for flag in flags:
        key = f"flag/{flag.id}"
        url = doc.add(
            key,
            {
                "resourceType": "Flag",
                "status": "active",
                "category": [
                    {
                        "coding": [
                            {"system": FLAG_CATEGORY, "code": "safety", "display": "Safety"}
                        ],
                        "text": LEVEL_NAMES[flag.level],
                    }
                ],
                # The flag's text is the message itself, as they typed it; what kind of risk
                # the bot heard is in the codings.
                "code": {
                    "id": "code",
                    **_marks(doc.base_url, flag),
                    "coding": [
                        {"system": category_system, "code": category.value}
                        for category in flag.categories
                    ],
                    "text": flag.text,
                },
                "subject": {"reference": doc.urn("patient")},
                "period": {"start": _instant(flag.said_at)},
            },
        )
        urls.append(url)
        doc.provenance(
            key=f"{key}/code",
            target=url,
            element="code",
            quote=flag,
        )
    return urls


def _carers(doc: _Document, linked: Sequence[Plan]) -> list[str]:
    """Each carer linked to a person's plan: that their plan exists, by its reference only."""
    return [
        doc.add(
            f"related-person/{carer.id}",
            {
                "resourceType": "RelatedPerson",
                "identifier": [
                    {"system": _systems(doc.base_url)["plan"], "value": carer.reference}
                ],
                "patient": {"reference": doc.urn("patient")},
                "relationship": [{"text": "Unpaid carer, with a carer's plan of their own"}],
            },
        )
        for carer in linked
        if carer.role is PlanRole.CARER
    ]


def _then_and_now(
    doc: _Document, grouped: dict[str, list[PlanItem]], reviewed: Plan | None
) -> list[str]:
    """For each thing that mattered that the review went over: a copy of the reviewed plan's
    Goal (its first words) and an Observation of the answers, the Goal's outcomeReference."""
    review = doc.plan
    first = {} if reviewed is None else _by_section(reviewed)
    whats = {item.position: item for item in first.get(Part.WHAT_MATTERS, [])}
    whys = {item.position: item for item in first.get(Part.WHY_IT_MATTERS, [])}
    answers = {
        (part, item.position): item for part in REVIEW_OUTCOME_PARTS for item in grouped[part]
    }
    urls: list[str] = []
    for row in sorted(review.reviewed, key=lambda row: row.position):
        observation = doc.urn(f"review/{row.position}")
        what = whats.get(row.position)
        goal: str | None = None
        if what is not None and reviewed is not None:
            why = whys.get(row.position)
            goal_resource: dict[str, Any] = {
                "resourceType": "Goal",
                "identifier": [
                    {
                        "system": _systems(doc.base_url)["outcome"],
                        "value": f"{reviewed.reference}/{row.position + 1}",
                    }
                ],
                "lifecycleStatus": "active",
                "description": {
                    "id": "description",
                    **_marks(doc.base_url, what),
                    "text": what.text,
                },
                "subject": {"reference": doc.urn("patient")},
                "expressedBy": {"reference": doc.urn("patient")},
                "outcomeReference": [{"reference": observation}],
            }
            if why is not None:
                goal_resource["note"] = [
                    {
                        "id": "why",
                        **_marks(doc.base_url, why),
                        "authorReference": {"reference": doc.urn("patient")},
                        "time": _instant(why.said_at),
                        "text": why.text,
                    }
                ]
            goal = doc.add(f"reviewed-goal/{row.position}", goal_resource)
            urls.append(goal)
            doc.provenance(
                key=f"reviewed-goal/{row.position}/what",
                target=goal,
                element="description",
                quote=what,
            )
            if why is not None:
                doc.provenance(
                    key=f"reviewed-goal/{row.position}/why", target=goal, element="why", quote=why
                )
        components: list[dict[str, Any]] = []
        cited: list[PlanItem] = []
        for part in REVIEW_OUTCOME_PARTS:
            item = answers.get((part, row.position))
            if item is not None:
                components.append(
                    {
                        "id": _element(item),
                        **_marks(doc.base_url, item),
                        "code": {"text": PART_NAMES[part]},
                        "valueString": item.text,
                    }
                )
                cited.append(item)
        if row.movement is not None:
            components.append(
                {
                    "id": f"movement-{row.position}",
                    "code": {"text": "Their choice"},
                    "valueCodeableConcept": {
                        "coding": [
                            {
                                "system": _systems(doc.base_url)["movement"],
                                "code": row.movement.value,
                                "display": MOVEMENT_LABELS[row.movement],
                            }
                        ],
                        "text": MOVEMENT_LABELS[row.movement],
                    },
                }
            )
        added = doc.add(
            f"review/{row.position}",
            {
                "resourceType": "Observation",
                "status": "final",
                "code": {"text": f"How a thing that mattered is now: number {row.position + 1}"},
                "subject": {"reference": doc.urn("patient")},
                **({"focus": [{"reference": goal}]} if goal else {}),
                "effectiveDateTime": _instant(review.sent_at),
                "performer": [{"reference": doc.urn("patient")}],
                **(
                    {"component": components}
                    if components
                    else {"dataAbsentReason": {"text": "Nothing was said about it."}}
                ),
            },
        )
        urls.append(added)
        doc.cite_all("observation", added, cited)
    return urls


def _section(title: str, entries: Sequence[str], *, empty: str | None = None) -> dict[str, Any]:
    if entries:
        return {"title": title, "entry": [{"reference": url} for url in entries]}
    return {
        "title": title,
        "text": _narrative([empty or "Nothing was said here."]),
        "emptyReason": {"coding": [{"system": LIST_EMPTY_REASON, "code": "nilknown"}]},
    }


def build_bundle(
    *,
    plan: Plan,
    linked: Sequence[Plan],
    base_url: str,
    now: datetime | None = None,
    reviewed: Plan | None = None,
) -> dict[str, Any]:
    """The plan as a FHIR R4 `document` Bundle (JSON), checked by fhir.resources (R4B). For a
    review, `reviewed` is the plan it reviews, whose first words it quotes.

    Raises ExportError if FHIR's models refuse it: only a text made wholly of whitespace other
    than spaces, tabs and newlines can cause that.
    """
    base_url = base_url.rstrip("/")
    doc = _Document(plan=plan, base_url=base_url)
    grouped = _by_section(plan)
    composition = doc.urn("composition")
    doc.entries.append({"fullUrl": composition, "resource": {}})  # filled in last, stays first
    _patient(doc)
    carers = _carers(doc, linked) if plan.role is PlanRole.PERSON else []
    goals = _goals(doc, grouped)
    care_plan = _care_plan(doc, grouped, goals, carers)
    response = _questionnaire_response(doc, grouped)
    flags = _flags(doc, plan.flags)
    whose = "the carer" if plan.role is PlanRole.CARER else "the person"
    is_review = plan.kind is PlanKind.REVIEW
    then_and_now = _then_and_now(doc, grouped, reviewed) if is_review else []
    sections = [
        _section(
            f"{'New things that matter' if is_review else 'What matters'} to {whose}",
            list(goals.values()),
        ),
        _section("Their plan: what would help, and who could help", [care_plan]),
        _section("The conversation, in their own words", [response]),
        _section("Safety concerns", flags, empty="No safety concern was raised."),
    ]
    if is_review:
        sections.insert(
            0,
            _section(
                "Then and now: each thing that mattered, and the review's answers",
                then_and_now,
                empty="The review went over none of the things that mattered.",
            ),
        )
    if carers:
        sections.append(_section("Carers with plans of their own", carers))
    if plan.skips:
        sections.append(
            {
                "title": "Parts they chose to skip",
                "text": _narrative([PART_NAMES[skip.part] for skip in plan.skips]),
                "emptyReason": {"coding": [{"system": LIST_EMPTY_REASON, "code": "withheld"}]},
            }
        )
    kind = "An unpaid carer's plan" if plan.role is PlanRole.CARER else "A personal outcomes plan"
    if is_review:
        kind = f"A review of {kind[0].lower()}{kind[1:]}" + (
            f" ({reviewed.reference})" if reviewed is not None else ""
        )
    doc.entries[0]["resource"] = {
        "resourceType": "Composition",
        "id": composition.removeprefix("urn:uuid:"),
        "meta": {"profile": [PROFILES["Composition"]]},
        "identifier": {"system": _systems(base_url)["plan"], "value": plan.reference},
        "status": "final",
        "type": {"text": f"{kind}, in their own words (What Matters)"},
        "subject": {"reference": doc.urn("patient")},
        "date": _instant(plan.sent_at),
        "author": [{"reference": doc.urn("patient")}],
        "title": f"What matters: plan {plan.reference}",
        "section": sections,
    }
    version = f"{plan.reference}/{_instant(plan.updated_at)}/{len(plan.flags)}"
    bundle = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid5(_NAMESPACE, f"bundle/{version}")),
        "identifier": {
            "system": "urn:ietf:rfc:3986",
            "value": f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'document/{version}')}",
        },
        "type": "document",
        "timestamp": _instant(now or utcnow()),
        "entry": doc.entries,
    }
    try:
        Bundle.model_validate(bundle)
    except ValidationError as error:
        # The error names fields and rules; it is not logged, since it may quote a value.
        raise ExportError(
            "This plan holds text that FHIR's string type cannot carry "
            f"({error.error_count()} problem(s)); read it on the plan page."
        ) from None
    return bundle
