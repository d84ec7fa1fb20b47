from tests.conftest import first, found, run_lint

PERSONA = "name: P{i}\nrole: R\npriority: secondary\n"


def _personas(n: int) -> dict[str, str]:
    return {f"personas/extra{i}.yaml": PERSONA.format(i=i) for i in range(n)}


def test_more_personas_than_the_limit(make_workspace):
    result = run_lint(make_workspace(_personas(7)))  # 8 with the base persona
    assert found(result, "PK205") == [("personakit.yaml", 1, "PK205")]
    assert "8 personas, more than max_personas (7)" in first(result, "PK205").message


def test_limit_is_configurable(make_workspace):
    files = _personas(7) | {"personakit.yaml": "title: T\nrules: {PK205: {max_personas: 8}}\n"}
    assert found(run_lint(make_workspace(files)), "PK205") == []


def test_quiet_at_the_limit(make_workspace):
    assert found(run_lint(make_workspace(_personas(6))), "PK205") == []
