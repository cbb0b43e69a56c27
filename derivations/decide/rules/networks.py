"""network(x) = F(x) - G(x) for a ReLU network with integer weights, certified region by region."""

from __future__ import annotations

from derivations.model.verdict import Counterexample, StepCheck, Verdict
from . import Context, Goal, register


@register("tropical-network", description="a ReLU network equals F - G: exact LP over every activation region")
def tropical_network(goal: Goal, ctx: Context) -> StepCheck:
    """The network (hint ``network``) written out on one side, F - G on the other: certified when they
    agree on every activation region, refuted with a rational point where they differ."""
    from derivations.networks.certify import certify
    from derivations.networks.expressions import NotTropical, form_from_expression, input_symbols, network_expression
    from derivations.networks.regions import activation_regions

    network = goal.hints.get("network")
    if network is None or goal.op != "=":
        return StepCheck.unknown("tropical-network", "expected network = F - G with the network as hint")
    xs = input_symbols(network.inputs)
    written = network_expression(network, xs)
    if goal.lhs == written:
        other = goal.rhs
    elif goal.rhs == written:
        other = goal.lhs
    else:
        return StepCheck.unknown("tropical-network", "neither side is the hinted network written out")
    try:
        form = form_from_expression(other, xs)
    except NotTropical as exc:
        return StepCheck.unknown("tropical-network", str(exc))
    regions = list(activation_regions(network))
    result = certify(network, form, regions)
    if result.verdict == "certified":
        return StepCheck.proved(
            f"equal on each of the {result.regions} activation regions (exact LP, rational arithmetic); "
            f"F has {len(form.F)} monomials, G {len(form.G)}"
        )
    if result.verdict == "refuted":
        values = {str(x): str(v) for x, v in zip(xs, result.point)}
        detail = f"network = {network(result.point)}, F - G = {form(result.point)} at {values}"
        return StepCheck(Verdict.REFUTED, "tropical-network", detail, Counterexample(values, detail, True))
    return StepCheck.unknown("tropical-network", result.detail or result.verdict)
