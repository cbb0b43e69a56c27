"""ReLU networks as F - G: input checking, the construction, the certificate, the command line."""

import json
import random
from fractions import Fraction

import pytest

from derivations.base.errors import NetworkError
from derivations.networks.certify import certify
from derivations.networks.model import network_from_json, random_network
from derivations.networks.regions import activation_regions, region_bound
from derivations.networks.tropical import TropicalForm, TropicalPolynomial, tropicalize, tropicalize_by_recursion

from .conftest import ROOT, run_derive

EXAMPLE = ROOT / "tests" / "fixtures" / "nets" / "example-2x2.json"


def _layer(weights, biases, activation="relu"):
    return {"weights": weights, "biases": biases, "activation": activation}


OUT = _layer([[1]], [0], "linear")


@pytest.mark.parametrize(
    "data, message",
    [
        ({"layers": []}, "no layers"),
        ({}, '"layers"'),
        ({"layers": [_layer([[0.5]], [0]), OUT]}, "layer 1: weights[0][0]: 0.5 is not an integer"),
        ({"layers": [_layer([[1, "2"]], [0]), OUT]}, 'layer 1: weights[0][1]: "2" is not an integer'),
        ({"layers": [_layer([[1, 2], [1]], [0, 0]), OUT]}, "layer 1: weights[1] has 1 entries"),
        ({"layers": [_layer([[1, 2]], [0]), _layer([[1, 1]], [0], "linear")]}, "layer 2: weights[0] has 2 entries, the layer below gives 1"),
        ({"layers": [_layer([[1]], [0, 1]), OUT]}, "layer 1: 2 biases for 1 rows"),
        ({"layers": [_layer([[1]], ["1/0"]), OUT]}, "layer 1: biases[0]"),
        ({"layers": [_layer([[1]], [0], "tanh"), OUT]}, "activation 'tanh'"),
        ({"layers": [_layer([[1]], [0])]}, "must be linear with one output"),
        ({"layers": [_layer([[1]], [0]), _layer([[1], [1]], [0, 0], "linear")]}, "must be linear with one output"),
        ({"layers": [_layer([[1]], [0], "linear"), OUT]}, "layer 1 is hidden and 'linear'"),  # was read as a ReLU
    ],
)
def test_bad_network_is_one_error_naming_layer_and_entry(data, message):
    with pytest.raises(NetworkError, match=None) as caught:
        network_from_json(data)
    assert message in str(caught.value)


def test_integral_float_weight_and_decimal_bias_are_read_exactly():
    net = network_from_json({"layers": [_layer([[2.0]], [0.1]), OUT]})
    assert net.layers[0].weights == ((2,),) and net.layers[0].biases == (Fraction(1, 10),)


SHAPES = [(1, [4, 3], 11), (2, [5], 12), (2, [4, 4], 13), (2, [3, 3, 3], 14), (3, [4, 3], 15), (2, [], 16)]


@pytest.mark.parametrize("d, widths, seed", SHAPES)
def test_random_network_is_certified_and_agrees_at_ten_thousand_points(d, widths, seed):
    net = random_network(d, widths, seed)
    regions = list(activation_regions(net))
    form = tropicalize(net, regions)
    result = certify(net, form, regions)
    assert result.verdict == "certified", result.detail
    assert len(regions) <= region_bound(net)
    rng = random.Random(seed)
    for _ in range(10_000):
        point = [Fraction(rng.randint(-400, 400), rng.randint(1, 40)) for _ in range(d)]
        assert form(point) == net(point), point


@pytest.mark.parametrize("d, widths, seed", [(1, [3, 2], 1), (2, [3, 2], 2), (2, [4], 3), (3, [3, 2], 4)])
def test_region_construction_equals_the_papers_recursion(d, widths, seed):
    net = random_network(d, widths, seed)
    by_regions, by_recursion = tropicalize(net), tropicalize_by_recursion(net)
    assert dict(by_regions.F.terms) == dict(by_recursion.F.terms)
    assert dict(by_regions.G.terms) == dict(by_recursion.G.terms)


def _corrupted(form: TropicalForm, which: str, delta: Fraction) -> TropicalForm:
    poly = form.F if which == "F" else form.G
    terms = dict(poly.terms)
    key = sorted(terms)[len(terms) // 2]
    terms[key] += delta
    changed = TropicalPolynomial(poly.dimension, terms)
    return TropicalForm(changed, form.G) if which == "F" else TropicalForm(form.F, changed)


@pytest.mark.parametrize("which", ["F", "G"])
@pytest.mark.parametrize("delta", [Fraction(1, 7), Fraction(-1, 7)])
def test_one_corrupted_coefficient_is_refuted_with_a_point(which, delta):
    net = random_network(2, [4, 4], 13)
    regions = list(activation_regions(net))
    bad = _corrupted(tropicalize(net, regions), which, delta)
    result = certify(net, bad, regions)
    assert result.verdict == "refuted"
    assert net(result.point) != bad(result.point)  # checked again by direct exact evaluation


def test_a_correct_form_that_switches_monomials_inside_regions_is_certified_by_lp():
    # F P - G P = F - G for any tropical polynomial P, but F P is no longer one monomial per region
    net = random_network(2, [3, 3], 21)
    regions = list(activation_regions(net))
    form = tropicalize(net, regions)
    P = TropicalPolynomial(2, {(0, 0): Fraction(0), (3, 0): Fraction(-2), (0, 2): Fraction(1)})
    result = certify(net, TropicalForm(form.F * P, form.G * P), regions)
    assert result.verdict == "certified" and result.by_lp > 0


def test_one_input_network_has_the_regions_counted_by_hand():
    # h = relu(x + 1), relu(x), relu(x - 2); then g = relu(h_2 - 1): breakpoints -1, 0, 1, 2
    net = network_from_json(
        {
            "layers": [
                _layer([[1], [1], [1]], [1, 0, -2]),
                _layer([[0, 1, 0]], [-1]),
                _layer([[1]], [0], "linear"),
            ]
        }
    )
    regions = list(activation_regions(net))
    by_hand = {  # (signs of the hidden neurons) -> an interval it holds on
        (False, False, False, False): (-5, -1),
        (True, False, False, False): (-1, 0),
        (True, True, False, False): (0, 1),
        (True, True, False, True): (1, 2),
        (True, True, True, True): (2, 5),
    }
    assert {r.pattern for r in regions} == set(by_hand)
    for region in regions:
        low, high = by_hand[region.pattern]
        assert low < region.point[0] < high
    assert certify(net, tropicalize(net, regions), regions).verdict == "certified"


@pytest.mark.parametrize("d, widths, expected", [(2, [8, 8, 8], 37**3), (1, [3], 4), (3, [2], 4), (2, [4, 2], 11 * 4)])
def test_region_bound_is_theorem_6_3(d, widths, expected):
    assert region_bound(random_network(d, widths, 0)) == expected


# ---------------------------------------------------------------- command line


def test_cli_certifies_and_json_is_exact(tmp_path):
    done = run_derive("tropicalize", str(EXAMPLE), "--certify", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["verdict"] == "certified" and report["regions"] == 9 and report["region_bound"] == 16
    for coefficient, exponent in report["F"] + report["G"]:
        Fraction(coefficient)  # an exact rational string
        assert all(isinstance(e, int) for e in exponent) and len(exponent) == 2
    # the JSON is enough to re-check: certify it as given, then with one coefficient changed
    form = tmp_path / "form.json"
    form.write_text(json.dumps(report))
    again = run_derive("tropicalize", str(EXAMPLE), "--form", str(form), "--certify", "--json")
    assert again.returncode == 0 and json.loads(again.stdout)["verdict"] == "certified"
    report["F"][0][0] = str(Fraction(report["F"][0][0]) + 1)
    form.write_text(json.dumps(report))
    bad = run_derive("tropicalize", str(EXAMPLE), "--form", str(form), "--certify", "--json")
    assert bad.returncode == 1
    witness = json.loads(bad.stdout)["counterexample"]  # the shape of every counterexample
    assert set(witness["values"]) == {"x_1", "x_2"} and witness["exact"] is True
    network, difference = (Fraction(part.split(" = ")[1]) for part in witness["detail"].split(", "))
    assert network != difference


def test_cli_rejects_a_non_integer_weight_in_one_line(tmp_path):
    path = tmp_path / "net.json"
    path.write_text(json.dumps({"layers": [_layer([[1, 0.5]], [0]), OUT]}))
    done = run_derive("tropicalize", str(path))
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "layer 1: weights[0][1]: 0.5 is not an integer" in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_timeout_is_exit_3(tmp_path):
    path = tmp_path / "big.json"
    path.write_text(json.dumps(random_network(3, [16, 16, 16], 1).to_json()))
    done = run_derive("tropicalize", str(path), "--certify", "--json", "--timeout", "0.2")
    assert done.returncode == 3 and json.loads(done.stdout)["verdict"] == "timeout"


def test_cli_latex_prints_F_G_and_the_network():
    done = run_derive("tropicalize", str(EXAMPLE), "--latex")
    assert done.returncode == 0
    lines = done.stdout.strip().splitlines()
    assert [line.split(" = ")[0] for line in lines] == ["F(x)", "G(x)", r"\nu(x)"]
    assert r"\max" in lines[0]


# ---------------------------------------------------------------- the exact filters and the neighbour certificate


def _programs(d, widths, seed):
    """The strict-feasibility programs a region search poses (rows c + a.x > 0 as integer tuples)."""
    from derivations.networks import regions as module

    asked = []
    original = module.point_inside

    def recording(rows, dimension, floats=None):
        asked.append(list(rows))
        return original(rows, dimension, floats)

    module.point_inside = recording
    try:
        list(activation_regions(random_network(d, widths, seed)))
    finally:
        module.point_inside = original
    return asked


@pytest.mark.parametrize("d, widths, seed", [(2, [6, 6], 5), (3, [5, 4], 6), (4, [5], 7)])
def test_float_guided_decisions_equal_the_exact_lp(d, widths, seed):
    from derivations.networks.polyhedra import interior_point, point_inside, strictly_inside

    programs = _programs(d, widths, seed)
    assert programs
    for rows in programs:
        fast = point_inside(rows, d)
        exact = interior_point([(tuple(Fraction(a) for a in row[1:]), Fraction(row[0])) for row in rows], d)
        assert (fast is None) == (exact is None), rows
        if fast is not None:
            assert strictly_inside(rows, fast)


@pytest.mark.parametrize(
    "rows, support, empty",
    [
        ([(-1, 1), (0, -1)], [0, 1], True),  # x > 1 and x < 0
        ([(0, 1), (0, -1)], [0, 1], True),  # x > 0 and x < 0 (touching: still no interior)
        ([(1, 1), (1, -1)], [0, 1], False),  # x > -1 and x < 1: not empty, no certificate can say so
        ([(-1, 1, 0), (-1, 0, 1), (1, -1, -1)], [0, 1, 2], True),  # x > 1, y > 1, x + y < 1
        ([(-1, 1, 0), (-1, 0, 1), (3, -1, -1)], [0, 1, 2], False),  # ... x + y < 3: a triangle
    ],
)
def test_farkas_certificate_is_checked_in_integers(rows, support, empty):
    from derivations.networks.polyhedra import empty_by_farkas

    assert empty_by_farkas(rows, support) is empty


def test_built_form_is_certified_by_neighbours_and_the_regions_carry_the_recursions_monomials():
    net = random_network(3, [6, 6], 31)
    regions = list(activation_regions(net))
    form = tropicalize(net, regions)
    result = certify(net, form, regions)
    assert result.verdict == "certified" and result.by_neighbours > len(regions) // 2
    recursion = tropicalize_by_recursion(net)
    for region in regions[:40]:
        (fe, fc), (ge, gc) = region.f, region.g
        assert recursion.F.terms[fe] == Fraction(fc, region.scale) and recursion.G.terms[ge] == Fraction(gc, region.scale)


def _form_of(regions, d):
    """F and G made of the regions' own monomials, or None if two regions disagree on a coefficient."""
    F, G = {}, {}
    for region in regions:
        for table, (e, c) in ((F, region.f), (G, region.g)):
            if table.setdefault(e, Fraction(c, region.scale)) != Fraction(c, region.scale):
                return None
    return TropicalForm(TropicalPolynomial(d, F), TropicalPolynomial(d, G))


@pytest.mark.parametrize("bump", [(1, 0), (0, 2), (3, 1)])
def test_pieces_that_agree_with_the_network_but_are_not_convex_are_refuted(bump):
    # add the same affine function to f and g on one region: f - g = N still holds there and every
    # monomial of F and G is a region's own, so only the neighbour checks can object
    import dataclasses

    net = random_network(2, [5, 5], 32)
    regions = list(activation_regions(net))
    for k in range(len(regions) // 2, len(regions)):
        (fe, fc), (ge, gc) = regions[k].f, regions[k].g
        changed = dataclasses.replace(
            regions[k],
            f=(tuple(a + b for a, b in zip(fe, bump)), fc + 7),
            g=(tuple(a + b for a, b in zip(ge, bump)), gc + 7),
        )
        tampered = regions[:k] + [changed] + regions[k + 1 :]
        form = _form_of(tampered, 2)
        if form is not None:
            break
    result = certify(net, form, tampered)
    assert result.verdict == "refuted"
    assert net(result.point) != form(result.point)  # checked again by direct exact evaluation


@pytest.mark.parametrize(
    "rows, k, facet",
    [
        ([(0, 1, 0), (0, 0, 1), (1, -1, 0), (1, 0, -1)], 0, True),  # the unit square: x = 0 is a facet
        ([(0, 1, 0), (0, 0, 1), (1, -1, 0), (1, 0, -1), (2, -1, 0)], 4, False),  # x < 2 never binds
        ([(0, 1, 0), (0, 0, 1), (-1, 1, 1)], 2, True),  # x + y = 1 cuts the quadrant
        ([(0, 1, 0), (0, 0, 1), (1, 1, 1)], 2, False),  # x + y = -1 misses it
    ],
)
def test_on_facet_is_an_exact_decision(rows, k, facet):
    from derivations.networks.polyhedra import on_facet

    assert on_facet(rows, k, 2) is facet


DEGENERATE = [
    # two neurons on one hyperplane (x + y = -1 twice), and a second layer that sees only one of them
    {"layers": [{"weights": [[1, 1], [2, 2], [1, -1]], "biases": [1, 2, 0], "activation": "relu"},
                {"weights": [[1, -1, 0], [0, 0, 1], [-1, 0, 2]], "biases": [0, -1, "1/2"], "activation": "relu"},
                {"weights": [[1, -2, 1]], "biases": [0], "activation": "linear"}]},
    # second-layer neurons with bias 0 whose inputs are all inactive on some regions (identically 0 there)
    {"layers": [{"weights": [[1, 0], [0, 1], [-1, -1]], "biases": [0, 0, 1], "activation": "relu"},
                {"weights": [[1, 1, 0], [0, 2, 0], [0, 0, 3]], "biases": [0, 0, 0], "activation": "relu"},
                {"weights": [[1, 0, -1], [2, -1, 1]], "biases": [0, 0], "activation": "relu"},
                {"weights": [[1, -1]], "biases": [0], "activation": "linear"}]},
]


@pytest.mark.parametrize("data", DEGENERATE)
def test_degenerate_regions_are_certified_by_neighbours_and_agree_at_random_points(data):
    net = network_from_json(data)
    regions = list(activation_regions(net))
    assert any(region.zeros for region in regions)  # the degenerate case the forward pass handles
    form = tropicalize(net, regions)
    result = certify(net, form, regions)
    assert result.verdict == "certified" and result.by_neighbours == len(regions)
    rng = random.Random(7)
    for _ in range(5000):
        point = [Fraction(rng.randint(-300, 300), rng.randint(1, 30)) for _ in range(2)]
        assert form(point) == net(point), point


@pytest.mark.parametrize("magnitude", [2**3, 2**40, 2**70, 2**1100], ids=["2^3", "2^40", "2^70", "2^1100"])  # int64, Python ints, beyond floats
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_filtered_dominance_equals_exact_integer_comparison(magnitude, seed):
    # ties and near ties on purpose: the filter may settle only what is certainly below
    from derivations.networks.dominance import Monomials

    rng = random.Random(seed)
    d = 3
    terms = {}
    while len(terms) < 30:
        terms[tuple(rng.randint(0, 4) for _ in range(d))] = Fraction(rng.randint(-20, 20), rng.choice([1, 2, 3, 6]))
    table = Monomials(sorted(terms.items()))
    exact = [(c, e) for e, c in sorted(terms.items())]
    for _ in range(60):
        b = [rng.randint(1, magnitude)] + [rng.randint(-magnitude, magnitude) for _ in range(d)]
        if rng.random() < 0.3:
            b[1:] = [0] * d  # every monomial compared by its coefficient alone: many ties
        t = rng.randrange(len(exact))
        value = lambda c, e: c * b[0] + sum(x * y for x, y in zip(e, b[1:]))  # noqa: E731
        truth = all(value(c, e) <= value(*exact[t]) for c, e in exact)
        assert table.not_above(t, b) is truth
        assert table.dominates(t, ([tuple(b)], [])) is truth
