"""Statements over the integers: closed forms of sums and products by a telescoping certificate, inequalities by induction found by the engine."""

from __future__ import annotations
