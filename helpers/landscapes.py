"""Two-dimensional test functions ("landscapes") with analytic gradients, for racing optimizers.

Every landscape is a :class:`Landscape`: ``f(x, y)`` and ``grad(x, y)`` take NumPy arrays of any
(broadcastable) shape — a point, a batch of points or a whole ``meshgrid`` — and work element by
element, so one call evaluates a contour grid. Each carries its minimisers and ``f*`` when they
exist, its saddle points, a plotting window, a start point and contour levels.

=================  =============================================  ===========================
name               f(x, y)                                        minimiser, f*
=================  =============================================  ===========================
``saddle``         x² − y²                                        none (unbounded below);
                                                                  saddle point (0, 0)
``monkey_saddle``  x³ − 3xy²                                      none; degenerate saddle (0, 0)
``beale``          Σᵢ₌₁³ (cᵢ − x + x yⁱ)², c = (1.5, 2.25, 2.625)  (3, 0.5), f* = 0
``rosenbrock``     (a − x)² + b (y − x²)², a = 1, b = 100          (a, a²), f* = 0
``long_valley``    s·log cosh(u) + ½ c v²  (u, v: x, y rotated)    (0, 0), f* = 0
``quadratic``      ½ (λ_min u² + λ_max v²), κ = λ_max / λ_min       (0, 0), f* = 0
=================  =============================================  ===========================

Gradients (∂f/∂x, ∂f/∂y):

- saddle: (2x, −2y); monkey saddle: (3x² − 3y², −6xy).
- Beale: with rᵢ = cᵢ − x + x yⁱ, ∇f = Σᵢ 2 rᵢ (yⁱ − 1, i x yⁱ⁻¹).
- Rosenbrock: (−2(a − x) − 4b x (y − x²), 2b (y − x²)).
- Long valley and quadratic: in the rotated coordinates (u, v) = (x cos θ + y sin θ,
  −x sin θ + y cos θ) the gradient is (s·tanh u, c v), resp. (λ_min u, λ_max v); it is rotated back
  by θ. The Hessian of the quadratic has eigenvalues λ_min, λ_max everywhere; the valley's floor
  has curvature s at its minimum and slope s far from it, and its walls have curvature c.

This module imports NumPy only (no TensorFlow): the landscapes, the plots and the widgets of
notebook 2 work without Keras.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

Array = np.ndarray


@dataclass(frozen=True)
class Landscape:
    """A 2-D function with its analytic gradient, vectorised over arrays.

    ``f(x, y) -> z`` and ``grad(x, y) -> (gx, gy)`` broadcast like NumPy ufuncs. ``minima`` lists
    the minimisers (empty when ``f`` is unbounded below) and ``f_star`` the minimum value (``None``
    when undefined); ``saddles`` lists saddle points. ``xlim``/``ylim`` is the plotting window,
    ``start`` the default start point and ``starts`` a few alternatives. ``levels`` are contour
    levels for plots (geometric when ``log_levels``).
    """

    name: str
    title: str
    formula: str  # LaTeX, for titles
    f: Callable[[Array, Array], Array]
    grad: Callable[[Array, Array], tuple[Array, Array]]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    start: tuple[float, float]
    starts: tuple[tuple[float, float], ...] = ()
    minima: tuple[tuple[float, float], ...] = ()
    f_star: float | None = None
    saddles: tuple[tuple[float, float], ...] = ()
    levels: tuple[float, ...] = ()
    log_levels: bool = False
    params: dict = field(default_factory=dict)

    # ------------------------------------------------------------------ points as (..., 2) arrays
    def value(self, w) -> Array | float:
        """``f`` at points ``w`` of shape ``(..., 2)`` (a float for a single point)."""
        w = np.asarray(w, dtype=np.float64)
        z = self.f(w[..., 0], w[..., 1])
        return float(z) if np.ndim(z) == 0 else z

    def gradient(self, w) -> Array:
        """∇f at points ``w`` of shape ``(..., 2)``, as an array of the same shape."""
        w = np.asarray(w, dtype=np.float64)
        gx, gy = self.grad(w[..., 0], w[..., 1])
        return np.stack(np.broadcast_arrays(gx, gy), axis=-1)

    def grid(self, n: int = 200, xlim=None, ylim=None) -> tuple[Array, Array, Array]:
        """``(X, Y, Z)``: an ``n × n`` meshgrid over the window and ``f`` on it (one vectorised call)."""
        xs = np.linspace(*(xlim or self.xlim), n)
        ys = np.linspace(*(ylim or self.ylim), n)
        X, Y = np.meshgrid(xs, ys)
        return X, Y, self.f(X, Y)

    def suboptimality(self, values) -> Array:
        """``f − f*`` (raises when ``f*`` is undefined)."""
        if self.f_star is None:
            raise ValueError(f"{self.name} has no minimum: f - f* is undefined")
        return np.asarray(values, dtype=np.float64) - self.f_star

    def with_start(self, start) -> Landscape:
        """The same landscape with another default start point."""
        return replace(self, start=(float(start[0]), float(start[1])))


def _rotation(theta: float):
    c, s = np.cos(theta), np.sin(theta)

    def to_uv(x, y):
        return c * x + s * y, -s * x + c * y

    def back(gu, gv):  # R^T (gu, gv)
        return c * gu - s * gv, s * gu + c * gv

    return to_uv, back


# ---------------------------------------------------------------------------------- saddles


def saddle() -> Landscape:
    """f = x² − y²: a saddle at the origin, minimum along x, maximum along y, no minimiser.

    Gradient descent contracts x by (1 − 2ε) and expands y by (1 + 2ε) per step: from a start on
    (or very near) the x-axis it first slides *towards* the saddle and leaves it only as fast as the
    tiny y-coordinate grows geometrically.
    """
    return Landscape(
        name="saddle",
        title="saddle",
        formula=r"$x^2 - y^2$",
        f=lambda x, y: x * x - y * y,
        grad=lambda x, y: (2.0 * x, -2.0 * y),
        xlim=(-1.5, 1.5),
        ylim=(-1.5, 1.5),
        start=(1.0, 1e-3),
        starts=((1.0, 1e-3), (-1.0, -1e-3), (1.0, 0.0)),
        saddles=((0.0, 0.0),),
        levels=tuple(np.linspace(-2.0, 2.0, 17)),
    )


def monkey_saddle() -> Landscape:
    """f = x³ − 3xy² = Re (x + iy)³: three valleys and three ridges meet at the origin.

    The Hessian at the origin is zero, so the saddle is *degenerate*: second-order information says
    nothing there, and the gradient, 3(x² − y², −2xy), vanishes quadratically as one approaches it.
    """
    return Landscape(
        name="monkey_saddle",
        title="monkey saddle",
        formula=r"$x^3 - 3xy^2$",
        f=lambda x, y: x**3 - 3.0 * x * y * y,
        grad=lambda x, y: (3.0 * x * x - 3.0 * y * y, -6.0 * x * y),
        xlim=(-1.5, 1.5),
        ylim=(-1.5, 1.5),
        start=(0.8, 0.05),
        starts=((0.8, 0.05), (-0.5, 0.6)),
        saddles=((0.0, 0.0),),
        levels=tuple(np.linspace(-3.0, 3.0, 25)),
    )


# ---------------------------------------------------------------------------------- classics

_BEALE_C = (1.5, 2.25, 2.625)


def _beale_f(x, y):
    return sum((c - x + x * y**i) ** 2 for i, c in enumerate(_BEALE_C, start=1))


def _beale_grad(x, y):
    gx = 0.0
    gy = 0.0
    for i, c in enumerate(_BEALE_C, start=1):
        r = c - x + x * y**i
        gx = gx + 2.0 * r * (y**i - 1.0)
        gy = gy + 2.0 * r * (i * x * y ** (i - 1))
    return gx, gy


def beale() -> Landscape:
    """Beale's function: Σᵢ₌₁³ (cᵢ − x + x yⁱ)² with c = (1.5, 2.25, 2.625); minimum 0 at (3, 0.5).

    A flat, curved basin between steep walls (the yⁱ terms blow up for |y| > 1): the "saddle point"
    animation of the slides actually shows this function.
    """
    return Landscape(
        name="beale",
        title="Beale",
        formula=r"$\sum_{i=1}^3 (c_i - x + x y^i)^2$",
        f=_beale_f,
        grad=_beale_grad,
        xlim=(-1.5, 4.5),
        ylim=(-2.5, 2.5),
        start=(1.0, 1.5),
        starts=((1.0, 1.5), (-2.0, 2.0), (2.5, -1.0)),
        minima=((3.0, 0.5),),
        f_star=0.0,
        levels=tuple(np.logspace(-1, 5, 25)),
        log_levels=True,
    )


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Landscape:
    """Rosenbrock's banana: (a − x)² + b (y − x²)²; minimum 0 at (a, a²).

    The floor of the curved valley y = x² is nearly flat (curvature about 1) while its walls have
    curvature about 2b(1 + 4x²): Hessian condition number ≈ 2500 at the minimum for b = 100.
    """
    return Landscape(
        name="rosenbrock",
        title="Rosenbrock's banana",
        formula=rf"$({a:g} - x)^2 + {b:g}\,(y - x^2)^2$",
        f=lambda x, y: (a - x) ** 2 + b * (y - x * x) ** 2,
        grad=lambda x, y: (-2.0 * (a - x) - 4.0 * b * x * (y - x * x), 2.0 * b * (y - x * x)),
        xlim=(-2.0, 2.0),
        ylim=(-1.0, 3.0),
        start=(-1.5, 2.0),
        starts=((-1.5, 2.0), (-1.2, 1.0), (0.0, 2.5)),
        minima=((a, a * a),),
        f_star=0.0,
        levels=tuple(np.logspace(-1, 3.5, 19)),
        log_levels=True,
        params={"a": a, "b": b},
    )


def _logcosh(u):
    au = np.abs(u)
    return au + np.log1p(np.exp(-2.0 * au)) - np.log(2.0)


def _axis_names(angle_deg: float) -> tuple[str, str, str]:
    """The coordinates a rotated landscape's formula is written in: the plot's own ``x, y`` when
    it is not rotated, else ``u, v`` and a note saying what they are."""
    if angle_deg == 0:
        return "x", "y", ""
    return "u", "v", f" ((u, v): (x, y) rotated by {angle_deg:g}°)"


def long_valley(slope: float = 0.5, wall: float = 20.0, angle_deg: float = 0.0) -> Landscape:
    """A long narrow valley: f = s·log cosh(u) + ½ c v², minimum 0 at the origin.

    Along the floor (v = 0) the valley descends with slope s·tanh u ≈ s far from the minimum (a
    long, almost straight run), across it the walls are a parabola of curvature c ≫ s. Gradient
    descent must take ε < 2/c to stay in the valley and then crawls along it at speed ε·s per step.
    ``angle_deg`` rotates the valley: at 0 its floor is the x-axis, and per-coordinate methods
    (AdaGrad, RMSprop, Adam) see the two scales on separate coordinates.
    """
    theta = np.deg2rad(angle_deg)
    to_uv, back = _rotation(theta)
    s, c = float(slope), float(wall)

    def f(x, y):
        u, v = to_uv(x, y)
        return s * _logcosh(u) + 0.5 * c * v * v

    def grad(x, y):
        u, v = to_uv(x, y)
        return back(s * np.tanh(u), c * v)

    u, v, rotated = _axis_names(angle_deg)
    start_uv = np.array([-7.0, 0.6])
    start = tuple(float(t) for t in back(*start_uv))  # R^T maps (u, v) coordinates to (x, y)
    return Landscape(
        name="long_valley",
        title="long narrow valley",
        formula=rf"${s:g}\,\log\cosh {u} + \frac{{{c:g}}}{{2}} {v}^2${rotated}",
        f=f,
        grad=grad,
        xlim=(-8.0, 2.0),
        ylim=(-1.5, 1.5),
        start=start,
        starts=(start,),
        minima=((0.0, 0.0),),
        f_star=0.0,
        levels=tuple(np.geomspace(0.02, 30.0, 15)),
        log_levels=True,
        params={"slope": s, "wall": c, "angle_deg": float(angle_deg)},
    )


def quadratic(kappa: float = 10.0, lam_max: float = 1.0, angle_deg: float = 0.0) -> Landscape:
    """An ill-conditioned quadratic ½ (λ_min u² + λ_max v²) with condition number κ = λ_max/λ_min.

    The problem of Goh's "Why Momentum Really Works", where notebook 2 has students tune gradient
    descent and heavy-ball momentum (``tuned_gd``, ``tuned_momentum``; their formulas are not given
    here, since this package ships to students).
    """
    kappa = float(kappa)
    if kappa < 1:
        raise ValueError("the condition number kappa must be >= 1")
    lam_min = lam_max / kappa
    to_uv, back = _rotation(np.deg2rad(angle_deg))

    def f(x, y):
        u, v = to_uv(x, y)
        return 0.5 * (lam_min * u * u + lam_max * v * v)

    def grad(x, y):
        u, v = to_uv(x, y)
        return back(lam_min * u, lam_max * v)

    start = tuple(float(t) for t in back(-4.0, 1.0))
    u, v, rotated = _axis_names(angle_deg)
    return Landscape(
        name="quadratic",
        title=f"quadratic, κ = {kappa:g}",
        formula=rf"$\frac{{1}}{{2}}(\lambda_{{min}} {u}^2 + \lambda_{{max}} {v}^2),\ \kappa={kappa:g}${rotated}",
        f=f,
        grad=grad,
        xlim=(-5.0, 5.0),
        ylim=(-2.0, 2.0),
        start=start,
        starts=(start,),
        minima=((0.0, 0.0),),
        f_star=0.0,
        levels=tuple(np.geomspace(1e-3, 1.0, 10) * 0.5 * (lam_min * 25.0 + lam_max * 4.0)),
        log_levels=True,
        params={"kappa": kappa, "lam_min": lam_min, "lam_max": float(lam_max), "angle_deg": float(angle_deg)},
    )


def momentum_rate(alpha, beta, lams) -> Array:
    """Convergence rate of heavy-ball momentum on a quadratic: max over eigenvalues λ of the
    spectral radius of the 2×2 iteration matrix of (z, w) in Goh's notation,

        z⁺ = β z + λ w,   w⁺ = w − α z⁺   ⇒   R(λ) = [[β, λ], [−αβ, 1 − αλ]],

    whose eigenvalues solve t² − (1 + β − αλ) t + β = 0. ``alpha``, ``beta`` broadcast (e.g. a
    grid); ``lams`` is a sequence of eigenvalues (the extreme ones suffice). Values ≥ 1 diverge.
    """
    alpha = np.asarray(alpha, dtype=np.float64)
    beta = np.asarray(beta, dtype=np.float64)
    rate = np.zeros(np.broadcast(alpha, beta).shape)
    for lam in np.atleast_1d(lams):
        tr = 1.0 + beta - alpha * lam
        disc = (tr * tr - 4.0 * beta).astype(np.complex128)
        root = np.sqrt(disc)
        rho = np.maximum(np.abs((tr + root) / 2.0), np.abs((tr - root) / 2.0))
        rate = np.maximum(rate, rho)
    return rate


def critical_momentum(alpha: float, lam: float) -> float:
    """The momentum that critically damps the eigen-direction λ for step size α:
    β = (1 − √(αλ))², where the two eigenvalues of R(λ) merge (a double real root √β)."""
    return float((1.0 - np.sqrt(alpha * lam)) ** 2)


def grid_tuning(lam_min: float, lam_max: float, n: int = 100) -> dict:
    """The best step size and momentum found by brute force: the smallest :func:`momentum_rate` over
    the midpoints of an ``n`` × ``n`` grid of α in (0, 4/λ_max) and β in (0, 1), and gradient
    descent's best α over ``n`` midpoints in (0, 2/λ_max). Deliberately coarse (about 1%): what
    the lesson shows while ``tuned_gd`` / ``tuned_momentum`` are not answered, not an answer to them."""
    lams = [lam_min, lam_max]
    grid = (np.arange(n) + 0.5) / n
    A, B = np.meshgrid(4.0 / lam_max * grid, grid)
    rate = momentum_rate(A, B, lams)
    i, j = np.unravel_index(np.argmin(rate), rate.shape)
    steps = 2.0 / lam_max * grid
    return {"alpha": float(A[i, j]), "beta": float(B[i, j]),
            "gd_alpha": float(steps[np.argmin(momentum_rate(steps, 0.0, lams))])}  # fmt: skip


def tuned(lam_min: float, lam_max: float, tuned_gd: Callable, tuned_momentum: Callable) -> dict:
    """The tuning the lesson uses: the student's ``tuned_momentum(lam_min, lam_max) -> (α, β)`` and
    ``tuned_gd(lam_min, lam_max) -> α``, each replaced by :func:`grid_tuning` while it is not
    answered (its body still raises ``NotImplementedError``) or raises; with the rates of both
    (:func:`momentum_rate`) and ``"source"``, which says what was used."""
    grid, used = None, []
    try:
        alpha, beta = (float(v) for v in tuned_momentum(lam_min, lam_max))
        used.append("your tuned_momentum")
    except Exception as exc:  # noqa: BLE001 - not answered yet, or broken: the grid search stands in
        grid = grid_tuning(lam_min, lam_max)
        alpha, beta = grid["alpha"], grid["beta"]
        used.append(f"a grid search for (α, β) (tuned_momentum: {_problem(exc)})")
    try:
        gd_alpha = float(tuned_gd(lam_min, lam_max))
        used.append("your tuned_gd")
    except Exception as exc:  # noqa: BLE001 - as above
        gd_alpha = (grid or grid_tuning(lam_min, lam_max))["gd_alpha"]
        used.append(f"a grid search for gradient descent's α (tuned_gd: {_problem(exc)})")
    lams = [lam_min, lam_max]
    return {"alpha": alpha, "beta": beta, "gd_alpha": gd_alpha, "rate": float(momentum_rate(alpha, beta, lams)),
            "gd_rate": float(momentum_rate(gd_alpha, 0.0, lams)), "source": ", ".join(used)}  # fmt: skip


def _problem(exc: Exception) -> str:
    return "not answered yet" if isinstance(exc, NotImplementedError) else f"raises {type(exc).__name__}"


LANDSCAPES: dict[str, Callable[..., Landscape]] = {
    "saddle": saddle,
    "monkey_saddle": monkey_saddle,
    "beale": beale,
    "rosenbrock": rosenbrock,
    "long_valley": long_valley,
    "quadratic": quadratic,
}


def all_landscapes() -> list[Landscape]:
    """One instance of every landscape with its default parameters."""
    return [make() for make in LANDSCAPES.values()]
