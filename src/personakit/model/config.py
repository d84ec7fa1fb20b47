"""`personakit.yaml` as a model: workspace settings, rule settings and declared sources."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .data import DataConfig
from .formats import NoteKind

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
    """A declared CSV source: its path, the kind of evidence its rows are, and its columns."""

    path: str
    kind: NoteKind = NoteKind.support_ticket
    columns: SourceColumns


class LintConfig(_Strict):
    """`lint:`: which rules run, by code, prefix (`PK1`), name or `ALL`, as lint's
    `--select`, `--extend-select` and `--ignore` (which lay themselves over it), and
    how `personakit lint` reports."""

    select: list[str] | None = None
    extend_select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    # Info findings (PK109, PK204, PK205) in the text report; other formats carry them all.
    show_info: bool = False


class Config(_Strict):
    """`personakit.yaml`: title, rule settings, sources, note fields and user data."""

    title: str | None = None
    description: str | None = None
    # Extra front-matter fields notes may carry (and counts may filter on); anything
    # else in front matter is a typo until declared here.
    note_fields: list[str] = Field(default_factory=list)
    rules: dict[str, Any] = Field(default_factory=dict)
    lint: LintConfig = Field(default_factory=LintConfig)
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
