"""axe-core is vendored unchanged from the npm package, with its version and licences."""

import json
import re
from pathlib import Path

AXE_DIR = Path(__file__).resolve().parents[2] / "static/vendor/axe-core"


def test_vendored_axe_core_names_its_version_and_licence():
    package = json.loads((AXE_DIR / "package.json").read_text())
    assert package["name"] == "axe-core"
    assert package["license"] == "MPL-2.0"
    header = (AXE_DIR / "axe.min.js").read_text()[:200]
    assert re.match(rf"/\*! axe v{re.escape(package['version'])}\b", header)
    assert "Mozilla Public License" in (AXE_DIR / "LICENSE").read_text()
    assert (AXE_DIR / "LICENSE-3RD-PARTY.txt").stat().st_size > 0
