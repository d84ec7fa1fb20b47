"""`personakit schema`: JSON Schemas from the models, checked by an independent validator."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from personakit.schemas import schema_texts
from personakit.workspace.frontmatter import split_front_matter
from tests.test_cli import REPO, pk


def _as_json(data):
    # YAML dates become strings, as an editor's language server sees them
    return json.loads(json.dumps(data, default=str))


def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((REPO / "schemas" / f"{name}.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_repository_schemas_match_the_models():
    for name, text in schema_texts().items():
        assert (REPO / "schemas" / name).read_text() == text, "run: personakit schema --out schemas"


@pytest.mark.parametrize(
    ("name", "pattern"),
    [("persona", "personas/*.yaml"), ("journey", "journeys/*.yaml"), ("config", "personakit.yaml")],
)
def test_example_yaml_files_validate(name: str, pattern: str):
    validator = _validator(name)
    files = sorted(REPO.glob(pattern))
    assert files
    for path in files:
        errors = list(validator.iter_errors(_as_json(yaml.safe_load(path.read_text()))))
        assert errors == [], (path, [e.message for e in errors])


@pytest.mark.parametrize(
    ("name", "pattern"), [("note", "interviews/**/*.md"), ("decision", "decisions/*.md")]
)
def test_example_front_matter_validates(name: str, pattern: str):
    validator = _validator(name)
    for path in sorted(REPO.glob(pattern)):
        data = split_front_matter(path.read_text()).doc.data
        assert list(validator.iter_errors(_as_json(data))) == [], path


def test_schemas_catch_what_lint_catches():
    validator = _validator("persona")
    typo = {
        "name": "O",
        "role": "R",
        "priority": "primary",
        "anxieties": [{"text": "Fears", "qoutes": ["p1#q1"]}],
    }
    assert any("qoutes" in e.message for e in validator.iter_errors(typo))
    bad_enum = {"name": "O", "role": "R", "priority": "main"}
    assert list(validator.iter_errors(bad_enum))
    good = {
        "name": "O",
        "role": "R",
        "priority": "primary",
        "success": [
            {
                "text": "T",
                "quotes": ["p1#q1", {"ref": "tickets:T-1", "text": "x"}],
                "count": {
                    "n": 2,
                    "of": 3,
                    "tag": "t",
                    "among": {"role": ["a", "b"], "kind": "interview"},
                },
            }
        ],
    }
    assert list(validator.iter_errors(good)) == []


def test_schema_command_and_init_point_editors_at_the_schemas(tmp_path: Path):
    proc = pk("schema")
    assert proc.returncode == 0
    assert set(json.loads(proc.stdout)) == {"persona", "journey", "config", "note", "decision"}
    assert pk("schema", "--out", str(tmp_path / "out")).returncode == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(schema_texts())
    pk("init", "ws", cwd=tmp_path)
    ws = tmp_path / "ws"
    assert (ws / "schemas" / "persona.schema.json").exists()
    assert (
        (ws / "personas" / "admin.yaml")
        .read_text()
        .startswith("# yaml-language-server: $schema=../schemas/persona.schema.json\n")
    )
    assert (
        (ws / "personakit.yaml")
        .read_text()
        .startswith("# yaml-language-server: $schema=schemas/config.schema.json\n")
    )
    pk("new", "persona", "buyer", "--name", "B", "--role", "R", "--no-input", cwd=ws)
    assert (
        (ws / "personas" / "buyer.yaml").read_text().startswith("# yaml-language-server: $schema=")
    )
