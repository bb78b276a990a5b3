"""What the sensitivity analysis may be asked for: its parts, their other names, how weights may
be drawn, and the command's options with their defaults."""

from __future__ import annotations

from dataclasses import dataclass

PARTS = ("stability", "core", "price", "marginal", "alternatives", "margins")
#: What runs when no part is named: every part but the margins, which take a dozen solves per program
#: (ask for them with ``--parts margins`` or ``--parts all``).
DEFAULT_PARTS = tuple(p for p in PARTS if p != "margins")
PART_ALIASES = {
    "stability": "stability", "weights": "stability", "weight_stability": "stability", "tornado": "stability",
    "core": "core", "core_index": "core", "monte_carlo": "core", "mc": "core",
    "price": "price", "price_of_change": "price", "forcing": "price",
    "marginal": "marginal", "marginal_values": "marginal", "limits": "marginal",
    "alternatives": "alternatives", "alt": "alternatives", "near_optimal": "alternatives",
    "margins": "margins", "margin": "margins", "program_margins": "margins",
}
WEIGHT_DRAWS = ("auto", "dirichlet", "intervals", "ranks")
TIGHT_GAP = 1e-6
# A probe "keeps" the base portfolio unless a solution better than its value by more than this
# (relative) is found: floating-point noise, far below any gap a solve is run at.
KEEP_RTOL = 1e-9


@dataclass(frozen=True)
class SensitivitySettings:
    """What to compute and how: the command's options, with the issue's defaults."""

    parts: tuple[str, ...] = DEFAULT_PARTS
    samples: int = 200
    seed: int = 0
    concentration: float = 50.0
    weight_draws: str = "auto"        # auto | dirichlet | intervals | ranks
    core: float = 0.9
    exterior: float = 0.1
    tornado: float = 0.2              # ± share of each weight
    tolerance: float = 1e-3           # bisection tolerance, in normalised weight
    delta: float = 0.05               # Δ as a share of each limit
    tight_gap: float = TIGHT_GAP
    alternatives: int = 3
    within: float = 0.01              # alternatives within this share of the optimum
    lp_duals: bool = True             # show LP-relaxation duals beside marginal values (indicative)
    #: Internal, for the tests only: solve every probe and draw plainly, without the fast paths
    #: (shared probes, known-plan starts), so that both can be compared.
    plain: bool = False
