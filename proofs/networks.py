"""A ReLU network with integer weights is a tropical rational function F - G (Zhang, Naitzat, Lim 2018)."""

from derivations import Proof, claim, eq
from derivations.networks.certify import certify
from derivations.networks.expressions import form_expression, network_expression
from derivations.networks.model import network_from_json
from derivations.networks.regions import activation_regions
from derivations.networks.render import worked_example
from derivations.networks.tropical import tropicalize

# Two inputs, two hidden ReLU layers of width 2, one linear output: small enough to print every region.
NETWORK = network_from_json(
    {
        "layers": [
            {"weights": [[0, -1], [1, -2]], "biases": [1, 2], "activation": "relu"},
            {"weights": [[-2, 0], [2, -2]], "biases": [2, -1], "activation": "relu"},
            {"weights": [[-1, -1]], "biases": [0], "activation": "linear"},
        ]
    },
    "proofs/networks.py",
)


def _example() -> str:
    regions = list(activation_regions(NETWORK))
    form = tropicalize(NETWORK, regions)
    return worked_example(NETWORK, form, regions, certify(NETWORK, form, regions))


@claim(
    "relu-network-tropical",
    title=r"A ReLU network with integer weights is a difference of two max-plus polynomials: $\nu = F - G$",
    latex=(
        r"-\max(0,2-2\max(0,1-x_2))-\max(0,2\max(0,1-x_2)-2\max(0,x_1-2x_2+2)-1)"
        r"=\max(8x_2,6x_2+2,2x_1+2x_2+6,2x_1+4x_2+4)-\max(4x_2+3,6x_2+3,8x_2+2,2x_1+2x_2+6,2x_1+4x_2+6)"
    ),
    order=300,
    appendix=_example,
)
def relu_network_tropical():
    network = network_expression(NETWORK)
    form = form_expression(tropicalize(NETWORK))
    p = Proof(statement=eq(network, form))
    p.chain(network).eq(
        form,
        r"the layer recursion of Zhang, Naitzat and Lim; equal on every activation region (exact LP)",
        rule="tropical-network",
        network=NETWORK,
    )
    return p
