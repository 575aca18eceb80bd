"""The house rules of the code layout (issue 13), checked on the source so that they stay true:
a folder is a concern and a file says what it holds; the core never names its dependants; one
way to extend the core; no modification-time fingerprints; the architecture map names only
what exists."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("concepts", "indicators", "participation", "integration_site")


def source_files(*apps, suffix=".py"):
    for app in apps:
        for path in sorted((ROOT / app).rglob(f"*{suffix}")):
            if "migrations" not in path.parts and "__pycache__" not in path.parts:
                yield path


def test_no_module_is_named_by_a_suffix_convention():
    pattern = re.compile(
        r"^(views|urls|forms|services|admin|models)_\w+|\w+_(views|urls|forms|services)$"
    )
    offenders = [
        str(path.relative_to(ROOT)) for path in source_files(*APPS) if pattern.match(path.stem)
    ]
    assert offenders == []


def test_the_core_never_imports_or_names_its_dependants():
    imports = re.compile(r"^\s*(from|import)\s+(indicators|participation)\b", re.M)
    offenders = [
        str(path.relative_to(ROOT))
        for path in source_files("concepts")
        if imports.search(path.read_text())
    ]
    assert offenders == []
    wording = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "templates" / "concepts").rglob("*.html"))
        if re.search(r"indikator", path.read_text(), re.I)
    ]
    assert wording == [], "Kern-Vorlagen nennen Indikatoren; das gehört in die Erweiterung"


def test_extensions_are_not_discovered_with_getattr():
    discovery = re.compile(r"getattr\(\s*(extension|app_config|config|app)\b")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in source_files(*APPS)
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if discovery.search(line)
    ]
    assert offenders == []


def test_no_fingerprint_reads_a_modification_time():
    offenders = [
        str(path.relative_to(ROOT))
        for path in source_files(*APPS)
        if "ops" not in path.parts and re.search(r"st_mtime|getmtime", path.read_text())
    ]
    assert offenders == []


def test_the_architecture_map_names_only_files_that_exist():
    text = (ROOT / "docs" / "architektur.md").read_text()
    named = set(
        re.findall(
            r"`((?:concepts|indicators|participation|integration_site|tests|docs|templates)/[\w/.]+\.(?:py|md|html))`",
            text,
        )
    )
    assert len(named) >= 10
    missing = sorted(name for name in named if not (ROOT / name).exists())
    assert missing == []


def test_view_classes_are_named_one_way():
    """Every class in a views module ends in `View` (a page) or `Mixin` (a part of one)."""
    classes = re.compile(r"^class (\w+)\((?!Exception\))", re.M)
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in source_files(*APPS)
        if path.stem == "views" or path.parent.name == "views"
        for name in classes.findall(path.read_text())
        if not name.endswith(("View", "Mixin"))
    ]
    assert offenders == []
