"""The ground floor: errors, CPU budgets, progress, settings, the JSON schema, what everything may use."""
