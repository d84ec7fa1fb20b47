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

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# Where each name is defined. A name is imported on first use, so that a light reader
# (lint_delta.py, which reads a note's suppressions) need not build every model.
_WHERE = {
    "AmongValue": "formats",
    "BuyingInfluence": "formats",
    "CLAIM_SECTIONS": "formats",
    "CONFIG_NAME": "config",
    "COUNT_KINDS": "formats",
    "Cell": "formats",
    "Citation": "formats",
    "Claim": "formats",
    "ClaimEntry": "documents",
    "Condition": "conditions",
    "Conditions": "data",
    "Config": "config",
    "Consent": "formats",
    "Count": "formats",
    "DataConfig": "data",
    "DataCount": "formats",
    "DataPath": "positions",
    "DecisionDoc": "documents",
    "DecisionMeta": "formats",
    "DecisionStatus": "formats",
    "ID_PATTERN": "formats",
    "Id": "formats",
    "Job": "formats",
    "Journey": "formats",
    "JourneyDoc": "documents",
    "LOCK_NAME": "documents",
    "Link": "formats",
    "Note": "documents",
    "NoteKind": "formats",
    "NoteMeta": "formats",
    "Persona": "formats",
    "PersonaDoc": "documents",
    "Position": "positions",
    "Priority": "formats",
    "Problem": "records",
    "Quote": "documents",
    "QuoteRef": "formats",
    "Relation": "data",
    "Scalar": "formats",
    "Segment": "data",
    "SourceColumns": "config",
    "SourceConfig": "config",
    "SourceRow": "records",
    "Stall": "formats",
    "Step": "formats",
    "Strict": "formats",
    "Suppression": "records",
    "TableConfig": "data",
    "TagCount": "formats",
    "Workspace": "documents",
    "YamlDoc": "positions",
    "parse_condition": "conditions",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


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
