"""The network: reading NET.json strictly, and evaluating it exactly (rational arithmetic)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from derivations.base.errors import NetworkError

ACTIVATIONS = ("relu", "linear")


@dataclass(frozen=True)
class Layer:
    weights: tuple[tuple[int, ...], ...]  # one row per neuron of this layer
    biases: tuple[Fraction, ...]
    activation: str

    @property
    def width(self) -> int:
        return len(self.biases)


@dataclass(frozen=True)
class Network:
    layers: tuple[Layer, ...]

    @property
    def inputs(self) -> int:
        return len(self.layers[0].weights[0])

    @property
    def hidden(self) -> tuple[Layer, ...]:
        return self.layers[:-1]

    def __call__(self, point) -> Fraction:
        """The network's output at a point, exactly."""
        values = [Fraction(v) for v in point]
        for layer in self.layers:
            values = [
                sum((w * v for w, v in zip(row, values)), b)
                for row, b in zip(layer.weights, layer.biases)
            ]
            if layer.activation == "relu":
                values = [max(v, Fraction(0)) for v in values]
        return values[0]

    def to_json(self) -> dict:
        return {
            "layers": [
                {
                    "weights": [list(row) for row in layer.weights],
                    "biases": [_rational_text(b) for b in layer.biases],
                    "activation": layer.activation,
                }
                for layer in self.layers
            ]
        }


def _rational_text(value: Fraction) -> str | int:
    return int(value) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def load_network(path: str | Path) -> Network:
    """Read and check NET.json; every problem is one NetworkError naming the layer and entry."""
    path = Path(path)
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        raise NetworkError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise NetworkError(f"{path}: cannot read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise NetworkError(f"{path}: not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    return network_from_json(data, str(path))


def network_from_json(data, where: str = "network") -> Network:
    if not isinstance(data, dict) or "layers" not in data:
        raise NetworkError(f'{where}: expected an object with a "layers" list')
    raw = data["layers"]
    if not isinstance(raw, list) or not raw:
        raise NetworkError(f"{where}: no layers")
    layers, width = [], None
    for number, entry in enumerate(raw, start=1):
        here = f"{where}: layer {number}"
        if not isinstance(entry, dict):
            raise NetworkError(f"{here}: expected an object with weights, biases, activation")
        unknown = set(entry) - {"weights", "biases", "activation"}
        if unknown:
            raise NetworkError(f"{here}: unknown key {sorted(unknown)[0]!r}")
        weights = entry.get("weights")
        if not isinstance(weights, list) or not weights:
            raise NetworkError(f"{here}: weights must be a nonempty list of rows")
        rows = []
        for r, row in enumerate(weights):
            if not isinstance(row, list) or not row:
                raise NetworkError(f"{here}: weights[{r}] must be a nonempty list")
            if width is not None and len(row) != width:
                raise NetworkError(f"{here}: weights[{r}] has {len(row)} entries, the layer below gives {width}")
            if width is None and rows and len(row) != len(rows[0]):
                raise NetworkError(f"{here}: weights[{r}] has {len(row)} entries, weights[0] has {len(rows[0])}")
            rows.append(tuple(_integer(v, f"{here}: weights[{r}][{c}]") for c, v in enumerate(row)))
        biases = entry.get("biases")
        if not isinstance(biases, list) or len(biases) != len(rows):
            count = len(biases) if isinstance(biases, list) else "no"
            raise NetworkError(f"{here}: {count} biases for {len(rows)} rows of weights")
        activation = entry.get("activation")
        if activation not in ACTIVATIONS:
            raise NetworkError(f"{here}: activation {activation!r} is not one of {', '.join(ACTIVATIONS)}")
        layers.append(Layer(tuple(rows), tuple(_rational(b, f"{here}: biases[{k}]") for k, b in enumerate(biases)), activation))
        width = len(rows)
    last = layers[-1]
    if last.activation != "linear" or last.width != 1:
        raise NetworkError(f"{where}: layer {len(layers)} (the last) must be linear with one output, R^d -> R")
    for k, layer in enumerate(layers[:-1], start=1):  # the region search and F - G are for ReLU hidden layers
        if layer.activation != "relu":
            raise NetworkError(f"{where}: layer {k} is hidden and {layer.activation!r}: hidden layers must be relu (fold a linear layer into the next one)")
    return Network(tuple(layers))


def _integer(value, where: str) -> int:
    """An integer weight (the theorem's hypothesis): 3 or 3.0, not 0.5, not "3", not true."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise NetworkError(f"{where}: {json.dumps(value)} is not an integer")
    if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
        raise NetworkError(f"{where}: {json.dumps(value)} is not an integer (weights must be integers)")
    return int(value)


def _rational(value, where: str) -> Fraction:
    """An exact bias: an integer, "p/q", or a decimal number read as the decimal it is (0.1 = 1/10)."""
    if isinstance(value, bool):
        raise NetworkError(f"{where}: {json.dumps(value)} is not a number")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NetworkError(f"{where}: {value} is not a finite number")
        return Fraction(repr(value))
    if isinstance(value, str):
        try:
            result = Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            raise NetworkError(f'{where}: {json.dumps(value)} is not a rational "p/q"') from None
        return result
    raise NetworkError(f"{where}: {json.dumps(value)} is not a number")


def random_network(inputs: int, widths: list[int], seed: int, weight: int = 3) -> Network:
    """A seeded random network: integer weights in [-weight, weight], biases p/q with |p| <= 9, q <= 4."""
    import random

    rng = random.Random(seed)
    layers, below = [], inputs
    for width in widths:
        layers.append(
            {
                "weights": [[rng.randint(-weight, weight) for _ in range(below)] for _ in range(width)],
                "biases": [f"{rng.randint(-9, 9)}/{rng.randint(1, 4)}" for _ in range(width)],
                "activation": "relu",
            }
        )
        below = width
    layers.append({"weights": [[rng.randint(-weight, weight) for _ in range(below)]], "biases": ["1/2"], "activation": "linear"})
    return network_from_json({"layers": layers}, f"random network {inputs}-{widths}-{seed}")
