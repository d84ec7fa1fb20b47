"""`personakit.yaml`: workspace settings, rule settings and declared sources."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from ..errors import ConfigError
from ..model.config import CONFIG_NAME, Config, SourceColumns, SourceConfig
from .loader import YamlDoc, YamlError, parse_yaml
from .root import find_root
from .validation import describe_errors

__all__ = [
    "CONFIG_NAME",
    "Config",
    "SourceColumns",
    "SourceConfig",
    "find_root",
    "load_config",
]


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
        line, _col, message = describe_errors(exc, doc, Config)[0]
        raise ConfigError(message, CONFIG_NAME, line) from None
