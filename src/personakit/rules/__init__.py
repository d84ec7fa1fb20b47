"""The rule registry: code → rule module. Adding a rule is adding a module here."""

from __future__ import annotations

from types import ModuleType

from . import (
    count_mismatch,
    data_drift,
    decorative_persona,
    duplicate_id,
    empty_segment,
    impossible_count,
    incomplete_job_story,
    malformed_quote,
    misquote,
    not_triangulated,
    orphan_note,
    parse_error,
    persona_sprawl,
    pii,
    schema,
    single_voice,
    stale_evidence,
    suspect_evidence,
    unbacked_step,
    unknown_column,
    unknown_quote,
    unknown_reference,
    unsupported_claim,
    unverified_count,
)

RULES: dict[str, ModuleType] = {
    module.CODE: module
    for module in (
        parse_error,
        schema,
        duplicate_id,
        malformed_quote,
        unsupported_claim,
        unknown_quote,
        misquote,
        count_mismatch,
        impossible_count,
        unverified_count,
        single_voice,
        stale_evidence,
        not_triangulated,
        suspect_evidence,
        unknown_reference,
        incomplete_job_story,
        decorative_persona,
        orphan_note,
        persona_sprawl,
        pii,
        unknown_column,
        empty_segment,
        data_drift,
        unbacked_step,
    )
}

_BY_NAME = {module.NAME: code for code, module in RULES.items()}


def rule_hint(code_or_name: str) -> str:
    """`; did you mean 'PK101'?` for an unknown rule code (or name), or empty.

    Codes are compared as codes, names as names, so `PK1O1` gets `PK101` and
    `single-voise` gets `single-voice`; computed only once a rule is found unknown.
    """
    from ..suggest import closest, did_you_mean

    key = code_or_name.strip()
    codes = closest(key.upper(), RULES)
    names = closest(key.lower(), _BY_NAME)
    phrase = did_you_mean(codes or names)
    return f"; {phrase}" if phrase else ""


def resolve_rule(code_or_name: str) -> ModuleType | None:
    """The rule a code (`PK107`, any case) or a name (`single-voice`) refers to."""
    key = code_or_name.strip()
    return RULES.get(key.upper()) or RULES.get(_BY_NAME.get(key.lower(), ""))
