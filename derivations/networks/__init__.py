"""ReLU networks with integer weights as tropical rational functions F - G (Zhang, Naitzat, Lim 2018)."""
