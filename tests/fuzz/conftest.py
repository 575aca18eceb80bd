"""In CI (CI=true) the fuzz suite runs with a fixed seed, so a landing run is repeatable; a
developer's run draws new examples each time (`FUZZ_EXAMPLES` raises their number)."""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
