"""The symbolic decisions: exact zero tests, signs, the domain rule, the step rules, numbers and intervals."""
