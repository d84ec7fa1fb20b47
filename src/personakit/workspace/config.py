"""`personakit.yaml`: workspace settings, rule settings and declared sources."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..data.config import DataConfig
from ..errors import ConfigError
from ..model import NoteKind
from .loader import YamlDoc, YamlError, parse_yaml
from .validation import describe_errors

CONFIG_NAME = "personakit.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceColumns(_Strict):
    """Which CSV column holds each field of a voice."""

    id: str
    text: str
    date: str | None = None
    role: str | None = None
    tags: str | None = None


class SourceConfig(_Strict):
    path: str
    kind: NoteKind = NoteKind.support_ticket
    columns: SourceColumns


class Config(_Strict):
    title: str | None = None
    description: str | None = None
    # Extra front-matter fields notes may carry (and counts may filter on); anything
    # else in front matter is a typo until declared here.
    note_fields: list[str] = Field(default_factory=list)
    rules: dict[str, Any] = Field(default_factory=dict)
    sources: dict[str, SourceConfig] = Field(default_factory=dict)
    data: DataConfig | None = None
    # Where phone numbers written without a country code are from (PK301, --public).
    region: str = "US"

    @field_validator("region")
    @classmethod
    def _known_region(cls, value: str) -> str:
        import phonenumbers

        code = value.strip().upper()
        if code not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError(f"{value!r} is not a two-letter region code such as US, GB or DE")
        return code


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` holding `personakit.yaml`."""
    start = start.resolve()
    for folder in (start, *start.parents):
        # Anything by that name counts (a FIFO, a folder, a link): it is this workspace's
        # config, refused when read, rather than a reason to use a workspace further up.
        if os.path.lexists(folder / CONFIG_NAME):
            return folder
    raise ConfigError(f"no {CONFIG_NAME} in {start} or any folder above it (see `personakit init`)")


def load_config(root: Path, text: str) -> tuple[Config, YamlDoc]:
    """Parse and validate the config text; any problem is a ConfigError (exit 2)."""
    try:
        doc = parse_yaml(text)
    except YamlError as exc:
        raise ConfigError(exc.message, CONFIG_NAME, exc.line) from None
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        raise ConfigError("the config must be a mapping of settings", CONFIG_NAME, 1)
    try:
        return Config.model_validate(data), doc
    except ValidationError as exc:
        line, _col, message = describe_errors(exc, doc)[0]
        raise ConfigError(message, CONFIG_NAME, line) from None
