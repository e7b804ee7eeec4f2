"""Bad formulas: the right error class, at the right line and column, with a message and a hint."""

from __future__ import annotations

import pytest

from notation.errors import NotationError, SpecMeaningError, SpecSyntaxError
from notation.parse.formula import parse_formula

# spec, error class, line, column, width, words the message must contain
BAD_FORMULAS = [
    ("", SpecSyntaxError, 1, 1, 1, "empty"),
    ("   \n  ", SpecSyntaxError, 1, 1, 1, "empty"),
    ("~ x", SpecSyntaxError, 1, 1, 1, "no response"),
    ("y ~", SpecSyntaxError, 1, 4, 1, "nothing right of '~'"),
    ("y ~   ", SpecSyntaxError, 1, 4, 1, "nothing right of '~'"),
    ("y + x", SpecSyntaxError, 1, 6, 1, "no '~'"),
    ("y x", SpecSyntaxError, 1, 3, 1, "missing '~'"),
    ("y ~ (x + (1|g)", SpecSyntaxError, 1, 5, 1, "never closed"),
    ("y ~ x + (1|g))", SpecSyntaxError, 1, 14, 1, "no '('"),
    ("y ~ x +\n (1 | g", SpecSyntaxError, 2, 2, 1, "never closed"),
    ("y ~ x + (1|)", SpecSyntaxError, 1, 12, 1, "empty grouping factor"),
    ("y ~ x + (1||)", SpecSyntaxError, 1, 13, 1, "empty grouping factor"),
    ("y ~ (|g)", SpecSyntaxError, 1, 6, 1, "nothing before '|'"),
    ("y ~ (1|a+b)", SpecMeaningError, 1, 8, 3, "is a sum"),
    ("y ~ x + (1 | a + b/c)", SpecMeaningError, 1, 14, 7, "is a sum"),
    ("y ~ x + (1|a*b)", SpecMeaningError, 1, 12, 3, "not a grouping factor"),
    ("y ~ (1|log(g))", SpecMeaningError, 1, 8, 6, "not a grouping factor"),
    ("y ~ x +", SpecSyntaxError, 1, 7, 1, "dangling operator"),
    ("y ~ x *", SpecSyntaxError, 1, 7, 1, "dangling operator"),
    ("y ~ x:", SpecSyntaxError, 1, 6, 1, "dangling operator"),
    ("y~x+(1|g)+", SpecSyntaxError, 1, 10, 1, "dangling operator"),
    ("y ~ x + * z", SpecSyntaxError, 1, 9, 1, "cannot follow '+'"),
    ("y ~ x + (1 | g) junk", SpecSyntaxError, 1, 17, 4, "unexpected 'junk'"),
    # covariance tags notation does not read, and numbers no double holds: named, not guessed at
    ("y ~ toep(1 + x | g)", SpecMeaningError, 1, 5, 15, "toep()"),
    ("y ~ x + homdiag(0 + x | g)", SpecMeaningError, 1, 9, 18, "homdiag()"),
    ("y ~ cs(1 | g, hom = TRUE)", SpecMeaningError, 1, 15, 10, "takes the random term only"),
    ("y ~ I(x^(10^10^10))", SpecMeaningError, 1, 10, 8, "beyond the range of a double"),
    ("7^10^1000 ~ x", SpecMeaningError, 1, 3, 7, "beyond the range of a double"),
    ("y ~ I(x*10^5000)", SpecMeaningError, 1, 9, 7, "beyond the range of a double"),
    ("y ~ I(x^1e9)", SpecMeaningError, 1, 7, 5, "too large"),
    ("y ~ I(x^(log(-2)))", SpecMeaningError, 1, 7, 11, "not a real number"),
    ("y ~ I(x:z)", SpecMeaningError, 1, 7, 3, "no arithmetic meaning"),
    ("y ~ x y", SpecSyntaxError, 1, 7, 1, "unexpected 'y'"),
    ("y ~ x ~ z", SpecSyntaxError, 1, 7, 1, "exactly one '~'"),
    ("y ~ x & z", SpecSyntaxError, 1, 7, 1, "unexpected character '&'"),
    ("y ~ x + 'z'", SpecSyntaxError, 1, 9, 3, "unexpected string"),
    ("y ~ _x", SpecSyntaxError, 1, 5, 1, "unexpected character '_'"),
    ("y ~ (x + (1|h) | g)", SpecMeaningError, 1, 11, 3, "can only be added"),
    ("y ~ x + offset(z):w", SpecMeaningError, 1, 9, 9, "can only be added"),
    ("y ~ I(offset(z))", SpecMeaningError, 1, 7, 9, "offset() cannot be used inside"),
    ("y ~ 2 + x", SpecMeaningError, 1, 5, 1, "the number 2"),
    ("y ~ -a:b", SpecMeaningError, 1, 5, 2, "removal"),
    ("y ~ (a + b)^1.5", SpecMeaningError, 1, 13, 3, "not a positive integer"),
    ("y ~ (0 | g)", SpecMeaningError, 1, 6, 5, "no columns"),
    ("y ~ .", SpecMeaningError, 1, 5, 1, "'.'"),
    ("1 ~ x", SpecMeaningError, 1, 1, 1, "response must be a variable"),
    ("y ~ I(x - x)", SpecMeaningError, 1, 5, 8, "not a function of a variable"),
    ("y ~ log(2)", SpecMeaningError, 1, 5, 6, "not a function of a variable"),
    ("y ~ factor(x + 1)", SpecMeaningError, 1, 5, 13, "not to an expression"),
    ("y ~ as.factor(2 * x)", SpecMeaningError, 1, 5, 16, "not to an expression"),
    ("y ~ factor(x, 3)", SpecMeaningError, 1, 15, 1, "takes the column only"),
    ("y ~ log(factor(x))", SpecMeaningError, 1, 9, 9, "is categorical"),
    ("y ~ I(as.factor(x)^2)", SpecMeaningError, 1, 7, 12, "is categorical"),
    ("factor(y) ~ x", SpecMeaningError, 1, 1, 9, "is categorical"),
    ("y ~ x + offset(factor(z))", SpecMeaningError, 1, 16, 9, "is categorical"),
    ("y ~ factor(2)", SpecMeaningError, 1, 5, 9, "not to an expression"),
    ("glmer(y ~ x + (1 | g), family = binomial)", SpecMeaningError, 1, 1, 5, "glmer()"),
    ("lmer(y ~ x + (1|g), data = d, REML = FALSE)", SpecMeaningError, 1, 31, 12, "REML = FALSE"),
    ("lmer(y ~ x + (1|g), d, weights = w)", SpecMeaningError, 1, 24, 11, "'weights'"),
    ("lmer(y ~ x + (1|g), d, TRUE)", SpecMeaningError, 1, 24, 4, "by position"),
    ("lmer(data = y ~ x)", SpecSyntaxError, 1, 6, 12, "it must be the first argument"),
]


@pytest.mark.parametrize(("spec", "kind", "line", "column", "width", "words"), BAD_FORMULAS)
def test_bad_formula_is_reported_where_it_is(
    spec: str, kind: type[NotationError], line: int, column: int, width: int, words: str
) -> None:
    with pytest.raises(kind) as caught:
        parse_formula(spec)
    error = caught.value
    assert type(error) is kind
    assert words in error.message
    assert (error.line, error.column, error.width) == (line, column, width)
    assert error.hint


@pytest.mark.parametrize("spec", [s for s, *_ in BAD_FORMULAS])
def test_rendered_error_shows_the_line_and_a_caret(spec: str) -> None:
    with pytest.raises(NotationError) as caught:
        parse_formula(spec)
    rendered = caught.value.render().splitlines()
    error = caught.value
    assert f"line {error.line}, column {error.column}" in rendered[0]
    assert rendered[2].index("^") == len(f"  {error.line} | ") + (error.column or 1) - 1
    assert rendered[-1].startswith("hint: ")
