"""The file formats as pydantic models: what a persona, note, journey and decision hold.

Validation happens at the file boundary; every model forbids unknown fields, because a
typo (`qoutes:`) must not silently drop a claim's evidence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from .data import Conditions, Segment
from .dates import parse_date
from .links import unsafe_reason
from .names import ID_PATTERN, UnknownName
from .playbook import Playbook

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]


def _day(value: Any) -> Any:
    """A date as the files write it: YAML's own date, or `YYYY-MM-DD` in quotes. A
    number is refused, where pydantic would read `0` as 1970-01-01 and `yes` as the
    day after: a typo must not become a date."""
    if isinstance(value, dt.date):  # a datetime too: pydantic refuses one with a time
        return value
    if isinstance(value, str):
        return parse_date(value)
    raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)")


# The JSON Schema stays pydantic's own for a date (a string of format `date`).
Day = Annotated[dt.date, BeforeValidator(_day)]


class Strict(BaseModel):
    """A file-format model: unknown fields are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Priority(StrEnum):
    """How much the product targets a persona."""

    primary = "primary"
    secondary = "secondary"
    not_targeted = "not-targeted"


class BuyingInfluence(StrEnum):
    """A persona's part in the buying decision."""

    decision_maker = "decision-maker"
    champion = "champion"
    influencer = "influencer"
    end_user = "end-user"
    none = "none"


class NoteKind(StrEnum):
    """What kind of record a note is."""

    interview = "interview"
    support_ticket = "support-ticket"
    churn_note = "churn-note"
    sales_call = "sales-call"
    survey = "survey"
    observation = "observation"


class Consent(StrEnum):
    """Whether a note's quotes may leave the team."""

    internal = "internal"
    public = "public"


class DecisionStatus(StrEnum):
    """Where a product decision stands."""

    proposed = "proposed"
    accepted = "accepted"
    superseded = "superseded"
    rejected = "rejected"


@dataclass(frozen=True)
class QuoteRef:
    """A citation of a quote: `NOTE#ANCHOR` or `SOURCE:ROW`, with optional quoted text."""

    ref: str
    text: str | None = None


def _quote_ref(value: Any) -> QuoteRef:
    if isinstance(value, QuoteRef):
        return value
    if isinstance(value, str):
        return QuoteRef(value.strip())
    if isinstance(value, dict):
        extra = set(value) - {"ref", "text"}
        if extra:
            name = sorted(extra)[0]
            raise UnknownName(f"unknown field {name!r} in a quote", name, ("ref", "text"))
        ref, text = value.get("ref"), value.get("text")
        if not isinstance(ref, str) or not ref.strip():
            raise ValueError("a quote needs `ref: NOTE#ANCHOR`")
        if text is not None and not isinstance(text, str):
            raise ValueError("a quote's `text` must be text")
        return QuoteRef(ref.strip(), text)
    raise ValueError("a quote is NOTE#ANCHOR or {ref: NOTE#ANCHOR, text: ...}")


_CITATION_SCHEMA = {
    "anyOf": [
        {
            "type": "string",
            "pattern": "^[^#:\\s]+[#:][^\\s]+$",
            "description": "NOTE#ANCHOR or SOURCE:ROW",
        },
        {
            "type": "object",
            "properties": {
                "ref": {"type": "string", "description": "NOTE#ANCHOR or SOURCE:ROW"},
                "text": {
                    "type": "string",
                    "description": "Words quoted from it; [...] for an elision",
                },
            },
            "required": ["ref"],
            "additionalProperties": False,
        },
    ]
}
Citation = Annotated[QuoteRef, BeforeValidator(_quote_ref), WithJsonSchema(_CITATION_SCHEMA)]

Scalar = str | int | float | bool | dt.date


def _among_value(value: Any) -> tuple[str, ...]:
    values = value if isinstance(value, list) else [value]
    out = []
    for item in values:
        if isinstance(item, dict | list) or item is None:
            raise ValueError("an `among` value is a value or a list of values")
        out.append(str(item).lower() if isinstance(item, bool) else str(item))
    return tuple(out)


_SCALAR_SCHEMA = {"type": ["string", "number", "boolean"]}
AmongValue = Annotated[
    tuple[str, ...],
    BeforeValidator(_among_value),
    WithJsonSchema({"anyOf": [_SCALAR_SCHEMA, {"type": "array", "items": _SCALAR_SCHEMA}]}),
]


class TagCount(Strict):
    """`{n, of, tag, among, source}`: n of `of` participants (or source rows) carry `tag`.

    Without `tag` nothing can recompute it, and `source` says where it comes from.
    """

    n: int
    of: int
    tag: str | None = None
    among: dict[str, AmongValue] = Field(default_factory=dict)
    source: str | None = None
    # What a tag count is not: read alike on both kinds of count, never set here.
    segment: ClassVar[None] = None
    where: ClassVar[dict[str, Any]] = {}
    as_of: ClassVar[None] = None


class DataCount(Strict):
    """`{n, of, segment, where, as_of}`: `of` members of PERSONA's segment, `n` of them
    also matching `where`, as of a date (default: today)."""

    n: int
    of: int
    segment: str
    where: Conditions = Field(default_factory=dict)
    as_of: Day | None = None
    # What a data count is not: read alike on both kinds of count, never set here.
    tag: ClassVar[None] = None
    among: ClassVar[dict[str, tuple[str, ...]]] = {}
    source: ClassVar[None] = None


# The tags of the two kinds of count in validation errors; workspace/validation.py
# leaves them out of the locations it reports (they are no keys of the file).
COUNT_KINDS = ("tag count", "data count")


def _count_kind(value: Any) -> str | None:
    """A count naming a `segment` is a count from data; any other mapping a tag count."""
    if isinstance(value, dict):
        return COUNT_KINDS[1] if "segment" in value else COUNT_KINDS[0]
    if isinstance(value, TagCount | DataCount):
        return COUNT_KINDS[1] if isinstance(value, DataCount) else COUNT_KINDS[0]
    return None


# A count is one of the two, decided at load: a tag count cannot carry `where`, a data
# count cannot carry `tag`, and each reports its own unknown fields.
Count = Annotated[
    Annotated[TagCount, Tag(COUNT_KINDS[0])] | Annotated[DataCount, Tag(COUNT_KINDS[1])],
    Discriminator(
        _count_kind,
        custom_error_type="count",
        custom_error_message="a count is a mapping: {n, of, tag} or {n, of, segment, where}",
    ),
]


class Claim(Strict):
    """A claim of a persona: text, and the quotes or count behind it."""

    id: Id | None = None
    text: str
    quotes: list[Citation] = Field(default_factory=list)
    count: Count | None = None
    featured: bool = False  # render shows its first quote large on the persona page


class Stall(Claim):
    """A claim of getting stuck, placed at a journey step."""

    step: str | None = None  # JOURNEY/STEP


class Job(Strict):
    """A job story: When [situation], I want to [motivation], so I can [outcome]."""

    id: Id | None = None
    when: str | None = None
    want: str | None = None
    so: str | None = None
    quotes: list[Citation] = Field(default_factory=list)
    count: Count | None = None
    featured: bool = False  # render shows its first quote large on the persona page


class Cell(Strict):
    """A persona's cell on a journey map: what success and failure look like there."""

    success: Claim | None = None
    goes_wrong: Claim | None = None


class Persona(Strict):
    """A persona card (`personas/ID.yaml`)."""

    name: str
    role: str
    priority: Priority
    buying_influence: BuyingInfluence | None = None
    context: list[str] = Field(default_factory=list)
    owner: str | None = None
    reviewed: Day | None = None
    jobs: list[Job] = Field(default_factory=list)
    motivations: list[Claim] = Field(default_factory=list)
    success: list[Claim] = Field(default_factory=list)
    anxieties: list[Claim] = Field(default_factory=list)
    stalls: list[Stall] = Field(default_factory=list)
    journey: dict[str, Cell] = Field(default_factory=dict)
    segment: Segment | None = None
    playbook: Playbook | None = None

    @field_validator("playbook")
    @classmethod
    def _playbook_needs_segment(
        cls, playbook: Playbook | None, info: ValidationInfo
    ) -> Playbook | None:
        # A segment that failed validation has its own error; only a missing one is this.
        if playbook is not None and "segment" in info.data and info.data["segment"] is None:
            raise ValueError("a playbook is for a segment's members: give the persona a `segment`")
        return playbook


CLAIM_SECTIONS = ("jobs", "motivations", "success", "anxieties", "stalls")


class NoteMeta(BaseModel):
    """A note's front matter. Extra fields are allowed only when declared in the config."""

    model_config = ConfigDict(extra="allow", frozen=True)

    id: Id | None = None
    date: Day
    kind: NoteKind
    participant: Annotated[str, StringConstraints(min_length=1)]
    role: str | None = None
    account: str | None = None
    tags: list[str] = Field(default_factory=list)
    consent: Consent = Consent.internal
    title: str | None = None


class Step(Strict):
    """One step of a journey."""

    id: Id
    title: str
    description: str | None = None


class Journey(Strict):
    """A journey (`journeys/ID.yaml`): ordered steps."""

    title: str
    description: str | None = None
    steps: list[Step]


def _safe_link(value: Any) -> Any:
    if isinstance(value, str):
        reason = unsafe_reason(value)
        if reason is not None:
            raise ValueError(reason)
    return value


# A link rendered as an href: http, https, mailto or a relative path (see links.py).
Link = Annotated[str, AfterValidator(_safe_link)]


class DecisionMeta(Strict):
    """A decision's front matter: date, status, personas and what it rests on."""

    date: Day
    status: DecisionStatus
    personas: list[str] = Field(default_factory=list)
    rests_on: list[str] = Field(default_factory=list)
    link: Link | None = None
    title: str | None = None
    # May a public render show where `link` points when it is an internal host?
    consent: Consent = Consent.internal
