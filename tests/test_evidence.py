"""Quote matching: folding and elisions."""

from __future__ import annotations

import pytest

from personakit.evidence import fold, split_ref, text_in_quote

QUOTE = "We connected the CRM on Monday and then nobody touched it until Thursday, because IT had to approve the scopes."


@pytest.mark.parametrize(
    "claimed",
    [
        "nobody touched it until Thursday",
        "WE CONNECTED   the crm",
        "We connected the CRM [...] because IT had to approve the scopes",
        "We connected the CRM […] IT had to approve",
        "We connected the CRM … the scopes.",
        "We connected the CRM ... until Thursday",
    ],
)
def test_text_found(claimed):
    assert text_in_quote(claimed, QUOTE)


@pytest.mark.parametrize(
    "claimed",
    ["IT approved the scopes on Monday", "until Thursday [...] We connected", "", "[...]"],
)
def test_text_not_found(claimed):
    assert not text_in_quote(claimed, QUOTE)


def test_fold_typographic_quotes():
    assert fold("I won\u2019t  \u201cinvite\u201d\nANYONE") == 'i won\'t "invite" anyone'


def test_split_ref():
    assert split_ref("p03#q1") == ("note", "p03", "q1")
    assert split_ref("tickets:T-4821") == ("source", "tickets", "T-4821")
    assert split_ref("p03") is None
    assert split_ref("#q1") is None
