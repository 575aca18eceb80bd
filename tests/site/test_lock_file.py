"""requirements.lock pins and hashes every production dependency within pyproject's ranges.

Production installs use `pip install --require-hashes -r requirements.lock`; `make lock`
writes it. A dependency added to pyproject.toml without `make lock` fails here.
"""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def _locked():
    text = (ROOT / "requirements.lock").read_text()
    pins = {}
    for name, version, hashes in re.findall(
        r"^([A-Za-z0-9_.\-]+)==(\S+)((?:\s*\\\n\s+--hash=sha256:[0-9a-f]{64})+)", text, re.M
    ):
        pins[canonicalize_name(name)] = (version, hashes.count("--hash=sha256:"))
    return pins


def test_every_production_dependency_is_pinned_with_hashes_inside_its_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    locked = _locked()
    for line in project["dependencies"]:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{name} fehlt in requirements.lock: make lock"
        version, hashes = locked[name]
        assert requirement.specifier.contains(version, prereleases=True), (name, version)
        assert hashes >= 1, name


def test_the_lock_file_holds_no_unhashed_line():
    text = (ROOT / "requirements.lock").read_text()
    pinned = re.findall(r"^[A-Za-z0-9_.\-]+==\S+", text, re.M)
    assert pinned
    assert len(pinned) == len(_locked()), "jede Zeile name==version braucht ihre Hashes"
