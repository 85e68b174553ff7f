"""Hypothesis profiles shared by every test directory.

`ci` keeps the property tests inside the suite's time budget on a 2-core runner (chosen
when `CI` is set), `dev` is the everyday default, and `deep` is for a long local hunt:
`HYPOTHESIS_PROFILE=deep pytest tests/engine`. An explicit HYPOTHESIS_PROFILE wins.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=25, deadline=None, derandomize=True, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "deep", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])

settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE")
                      or ("ci" if os.environ.get("CI") else "dev"))
