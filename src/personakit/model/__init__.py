"""The model: what a workspace's files hold, as pydantic types and plain data with positions.

Pure data. Nothing here imports anything else from personakit, opens a file or an
engine; loading (`personakit.workspace`) builds these, and a `Session` serves them to
rules and render.

- `formats`: the file formats: personas, claims, job stories, counts, cited quotes,
  notes' front matter, journeys, decisions
- `data`: the `data:` block (tables, relations) and segments
- `conditions`: a `where` entry parsed into typed tests
- `config`: `personakit.yaml`
- `records`: source rows, suppressions, problems found while loading
- `positions`: a YAML document's node tree, for the line and column of any value
- `documents`: the loaded workspace: notes, quotes, personas, claims, journeys, decisions
- `links`: which URLs may become links (the decision `link:` validator uses it)
"""

from __future__ import annotations

from .conditions import Condition, parse_condition
from .config import CONFIG_NAME, Config, SourceColumns, SourceConfig
from .data import Conditions, DataConfig, Relation, Segment, TableConfig
from .documents import (
    LOCK_NAME,
    ClaimEntry,
    DecisionDoc,
    JourneyDoc,
    Note,
    PersonaDoc,
    Quote,
    Workspace,
)
from .formats import (
    CLAIM_SECTIONS,
    COUNT_KINDS,
    ID_PATTERN,
    AmongValue,
    BuyingInfluence,
    Cell,
    Citation,
    Claim,
    Consent,
    Count,
    DataCount,
    DecisionMeta,
    DecisionStatus,
    Id,
    Job,
    Journey,
    Link,
    NoteKind,
    NoteMeta,
    Persona,
    Priority,
    QuoteRef,
    Scalar,
    Stall,
    Step,
    Strict,
    TagCount,
)
from .positions import DataPath, Position, YamlDoc
from .records import Problem, SourceRow, Suppression

__all__ = [
    "CLAIM_SECTIONS",
    "CONFIG_NAME",
    "COUNT_KINDS",
    "ID_PATTERN",
    "LOCK_NAME",
    "AmongValue",
    "BuyingInfluence",
    "Cell",
    "Citation",
    "Claim",
    "ClaimEntry",
    "Condition",
    "Conditions",
    "Config",
    "Consent",
    "Count",
    "DataConfig",
    "DataCount",
    "DataPath",
    "DecisionDoc",
    "DecisionMeta",
    "DecisionStatus",
    "Id",
    "Job",
    "Journey",
    "JourneyDoc",
    "Link",
    "Note",
    "NoteKind",
    "NoteMeta",
    "Persona",
    "PersonaDoc",
    "Position",
    "Priority",
    "Problem",
    "Quote",
    "QuoteRef",
    "Relation",
    "Scalar",
    "Segment",
    "SourceColumns",
    "SourceConfig",
    "SourceRow",
    "Stall",
    "Step",
    "Strict",
    "Suppression",
    "TableConfig",
    "TagCount",
    "Workspace",
    "YamlDoc",
    "parse_condition",
]
