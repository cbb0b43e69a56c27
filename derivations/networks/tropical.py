"""Max-plus (tropical) polynomials with rational coefficients and integer exponents, and the layer
recursion that writes a ReLU network with integer weights as F - G (Zhang, Naitzat, Lim 2018, sec. 5).

A tropical polynomial is max over its monomials of c + e.x. Tropical product = adding exponent vectors
and coefficients (a Minkowski sum); tropical sum = union; the a-th tropical power of a polynomial is
a times it (a >= 0), monomial by monomial, since a max(u, v) = max(a u, a v).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Mapping

from .model import Network
from .polyhedra import facet_rows
from .regions import Budget, Region, activation_regions

Exponent = tuple[int, ...]


@dataclass(frozen=True)
class TropicalPolynomial:
    dimension: int
    terms: Mapping[Exponent, Fraction] = field(default_factory=dict)  # exponent -> coefficient

    @classmethod
    def constant(cls, value, dimension: int) -> "TropicalPolynomial":
        return cls(dimension, {(0,) * dimension: Fraction(value)})

    @classmethod
    def variable(cls, index: int, dimension: int) -> "TropicalPolynomial":
        return cls(dimension, {tuple(int(k == index) for k in range(dimension)): Fraction(0)})

    def __len__(self) -> int:
        return len(self.terms)

    def __call__(self, point) -> Fraction:
        return max(c + sum(e * v for e, v in zip(exponent, point)) for exponent, c in self.terms.items())

    def __add__(self, other: "TropicalPolynomial") -> "TropicalPolynomial":
        """Tropical sum (max): the union of the monomials, the larger coefficient where both have one."""
        merged = dict(self.terms)
        for exponent, c in other.terms.items():
            if exponent not in merged or c > merged[exponent]:
                merged[exponent] = c
        return TropicalPolynomial(self.dimension, merged).pruned()

    def __mul__(self, other: "TropicalPolynomial") -> "TropicalPolynomial":
        """Tropical product (+): every pair of monomials, exponents and coefficients added."""
        merged: dict[Exponent, Fraction] = {}
        for e1, c1 in self.terms.items():
            for e2, c2 in other.terms.items():
                exponent = tuple(a + b for a, b in zip(e1, e2))
                c = c1 + c2
                if exponent not in merged or c > merged[exponent]:
                    merged[exponent] = c
        return TropicalPolynomial(self.dimension, merged).pruned()

    def power(self, a: int) -> "TropicalPolynomial":
        """The a-th tropical power, a >= 0: a times the function."""
        if a == 0:
            return TropicalPolynomial.constant(0, self.dimension)
        return TropicalPolynomial(self.dimension, {tuple(a * v for v in e): a * c for e, c in self.terms.items()})

    def pruned(self) -> "TropicalPolynomial":
        """Without the monomials that are never the strict maximum (exact LP): the same function."""
        if len(self.terms) <= 1:
            return self
        items = sorted(self.terms.items())
        keep = facet_rows([(tuple(Fraction(v) for v in e), c) for e, c in items], self.dimension)
        return TropicalPolynomial(self.dimension, {items[k][0]: items[k][1] for k in keep})

    def affine_pieces(self) -> list[tuple[tuple[Fraction, ...], Fraction]]:
        return [(tuple(Fraction(v) for v in e), c) for e, c in sorted(self.terms.items())]


@dataclass(frozen=True)
class TropicalForm:
    """network(x) = F(x) - G(x), F and G tropical polynomials."""

    F: TropicalPolynomial
    G: TropicalPolynomial

    def __call__(self, point) -> Fraction:
        return self.F(point) - self.G(point)


def tropicalize_by_recursion(network: Network) -> TropicalForm:
    """The layer recursion: with A = A+ - A- (entrywise positive and negative parts) and the layer
    below written as F - G, H = A+ F + A- G + b and G' = A+ G + A- F (tropically: products of
    powers), then F' = max(H, G') for ReLU (relu(H - G') = max(H, G') - G'); the linear output
    layer gives H - G'."""
    d = network.inputs
    F = [TropicalPolynomial.variable(j, d) for j in range(d)]
    G = [TropicalPolynomial.constant(0, d) for _ in range(d)]
    for layer in network.layers:
        powers: dict[tuple[str, int, int], TropicalPolynomial] = {}

        def power(which, j, a):
            key = (which, j, a)
            if key not in powers:
                powers[key] = (F if which == "F" else G)[j].power(a)
            return powers[key]

        new_F, new_G = [], []
        for row, b in zip(layer.weights, layer.biases):
            H = TropicalPolynomial.constant(b, d)
            G_next = TropicalPolynomial.constant(0, d)
            for j, a in enumerate(row):
                if a > 0:
                    H, G_next = H * power("F", j, a), G_next * power("G", j, a)
                elif a < 0:
                    H, G_next = H * power("G", j, -a), G_next * power("F", j, -a)
            new_F.append(H + G_next if layer.activation == "relu" else H)
            new_G.append(G_next)
        F, G = new_F, new_G
    return TropicalForm(F[0], G[0])


def tropicalize(network: Network, regions: list[Region] | None = None, budget: Budget | None = None) -> TropicalForm:
    """F and G with exactly the monomials that are the maximum on some open set (the pruned result of
    the recursion), collected region by region.

    On a region every F and G of the recursion is one monomial: each neuron's sign is fixed, so
    max(H, G') is H (active) or G' (inactive) there, and products of monomials are monomials; the region
    search carries them along (Region.f, Region.g). F(x) is the maximum of all monomials of the
    expanded recursion; on a region it equals that region's monomial, and every region's monomial is
    one of the expanded ones. So F = max over regions of their monomials, each of which is the strict
    maximum on its region: nothing else to prune, and no duplicate can differ in its coefficient.
    tropicalize_by_recursion (the paper's products and sums with exact pruning after each) gives the
    same polynomials.
    """
    if regions is None:
        regions = list(activation_regions(network, budget))
    d = network.inputs
    F: dict[Exponent, Fraction] = {}
    G: dict[Exponent, Fraction] = {}
    for region in regions:
        for table, (e, c) in ((F, region.f), (G, region.g)):
            value = Fraction(c, region.scale)
            if table.setdefault(e, value) != value:  # cannot happen (see above); refuse rather than guess
                raise ArithmeticError(f"two regions give monomial {e} different coefficients")
    return TropicalForm(TropicalPolynomial(d, F), TropicalPolynomial(d, G))
