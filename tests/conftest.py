from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("dev", max_examples=30, **_COMMON)
# CI: fewer examples per shape (there are 459 shapes), and a fixed seed so a red run reproduces.
settings.register_profile("ci", max_examples=12, derandomize=True, **_COMMON)
settings.register_profile("fast", max_examples=3, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
