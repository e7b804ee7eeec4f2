"""The one options object every LaTeX printer takes.

Contract: :class:`LatexOptions` is documented field by field below; every printer in
``notation.render.latex`` reads only these fields, so a form never has options of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["LatexOptions"]


@dataclass(frozen=True)
class LatexOptions:
    """How LaTeX is written.

    greek:
        Letters for a formula spec's coefficients: ``"gamma"`` writes the multilevel γ_{k0} and u_{kj},
        ``"beta"`` the regression β_k and b_{kj}. An equation spec keeps the user's own symbols.
    covariance:
        Name of the random-effect covariance: ``"tau"`` (T with entries τ_{kl}, τ² for one intercept),
        ``"psi"`` (ψ, ψ_{kl}) or ``"G"`` (G, g_{kl}).
    variables:
        Data variables set as ``\\operatorname{Days}_{ij}`` (``"operatorname"``, as equatiomatic)
        or in italics (``"italic"``: ``R_{ij}``, ``\\mathit{Age}_{ij}``).
    terms_per_line:
        Break a long right-hand side after this many terms inside ``aligned``; 0 never breaks.
    digits:
        Significant digits of plugged-in estimates.
    cluster_size:
        Observations in the one cluster the marginal form writes out entry by entry.
    """

    greek: Literal["gamma", "beta"] = "gamma"
    covariance: Literal["tau", "psi", "G"] = "tau"
    variables: Literal["operatorname", "italic"] = "operatorname"
    terms_per_line: int = 0
    digits: int = 4
    cluster_size: int = 3
