"""R's ``abbreviate()`` as lme4's correlation table uses it (answers from R 4, ``abbreviate(names, 6)``
and ``abbreviate(names, 11)`` of the whole list at once, so that the abbreviations are unique)."""

from __future__ import annotations

import pytest

from notation.report.summary import abbreviate_all

# name, abbreviate(names, 6), abbreviate(names, 11)
R_ABBREVIATIONS = [
    ('(Intercept)', '(Intr)', '(Intercept)'),
    ('Days', 'Days', 'Days'),
    ('service1', 'servc1', 'service1'),
    ('recipeB:temp', 'rcpB:t', 'recipeB:tmp'),
    ('I(Days - 4)', 'I(D-4)', 'I(Days - 4)'),
    ('log(Days + 1)', 'l(D+1)', 'log(Days+1)'),
    ('poly(x, 2)1', 'p(,2)1', 'poly(x, 2)1'),
    ('poly(x, 2)2', 'p(,2)2', 'poly(x, 2)2'),
    ('temp:recipeB', 'tmp:rB', 'temp:recipB'),
    ('temp:recipeC', 'tmp:rC', 'temp:recipC'),
    ('sectorPublic', 'sctrPb', 'sectorPublc'),
    ('cses:sectorPublic', 'css:sP', 'css:sctrPbl'),
    ('my var', 'my var', 'my var'),
    ('a b c d e f', 'abcdef', 'a b c d e f'),
    ('meanses:cses', 'mnss:c', 'meanses:css'),
    ('ses', 'ses', 'ses'),
    ('x1', 'x1', 'x1'),
    ('x10', 'x10', 'x10'),
    ('x100', 'x100', 'x100'),
    ('typeA:levelB', 'typA:B', 'typeA:levlB'),
    ('typeA:levelC', 'typA:C', 'typeA:levlC'),
]
NAMES = [n for n, _, _ in R_ABBREVIATIONS]


@pytest.mark.parametrize(("minlength", "column"), [(6, 1), (11, 2)])
def test_abbreviations_are_rs(minlength: int, column: int) -> None:
    assert abbreviate_all(NAMES, minlength) == [row[column] for row in R_ABBREVIATIONS]


def test_colliding_abbreviations_are_made_unique_as_r() -> None:
    # temp:recipeB and temp:recipeC both shorten to "tmp:r" at first; R lengthens both
    short = abbreviate_all(["temp:recipeB", "temp:recipeC"], 4)
    assert len(set(short)) == 2
