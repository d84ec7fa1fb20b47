"""JSON Schemas (draft 2020-12) of the file formats, generated from the models, for
editors that complete and validate YAML as people type."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

SCHEMA_FILES = {
    "persona": "persona.schema.json",
    "journey": "journey.schema.json",
    "config": "config.schema.json",
    "note": "note.schema.json",
    "decision": "decision.schema.json",
}
TITLES = {
    "persona": "personakit persona card (personas/*.yaml)",
    "journey": "personakit journey (journeys/*.yaml)",
    "config": "personakit workspace settings (personakit.yaml)",
    "note": "personakit note front matter (interviews/**/*.md)",
    "decision": "personakit decision front matter (decisions/*.md)",
}


def schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of each file kind (persona, journey, config, note, decision), by kind."""
    from .model import DecisionMeta, Journey, NoteMeta, Persona
    from .workspace.config import Config

    models: dict[str, type[BaseModel]] = {
        "persona": Persona,
        "journey": Journey,
        "config": Config,
        "note": NoteMeta,
        "decision": DecisionMeta,
    }
    out: dict[str, dict[str, Any]] = {}
    for name, model in models.items():
        schema = model.model_json_schema()
        schema["title"] = TITLES[name]
        out[name] = schema
    return out


def schema_texts() -> dict[str, str]:
    """File name → JSON text, stable (sorted keys) so regenerating changes nothing."""
    return {
        SCHEMA_FILES[name]: json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        for name, schema in schemas().items()
    }
