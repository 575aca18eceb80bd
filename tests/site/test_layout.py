"""The house rules of the code layout (issue 13), checked on the source so that they stay true:
a folder is a concern and a file says what it holds; the core never names its dependants; one
way to extend the core; no modification-time fingerprints; the architecture map names only
what exists; every public service function says what it takes and gives."""

import ast
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


def unannotated_functions(source):
    """Names of the module-level public functions in `source` that lack a parameter or return
    annotation (`self`-less: services are plain functions)."""
    found = []
    for node in ast.parse(source).body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or node.name[0] == "_":
            continue
        arguments = node.args
        parameters = [
            *arguments.posonlyargs,
            *arguments.args,
            *arguments.kwonlyargs,
            *(p for p in (arguments.vararg, arguments.kwarg) if p is not None),
        ]
        if node.returns is None or any(p.annotation is None for p in parameters):
            found.append(node.name)
    return found


def service_modules():
    return [
        path
        for path in source_files(*APPS)
        if path.name == "services.py"
        or (path.parent.name == "services" and path.name != "__init__.py")
    ]


def test_the_annotation_check_notices_what_is_missing():
    source = (
        "def full(*, a: int, **rest: str) -> None: ...\n"
        "def no_return(*, a: int): ...\n"
        "def bare_parameter(a) -> int: ...\n"
        "def bare_keywords(**rest) -> int: ...\n"
        "def _private(a): ...\n"
    )
    assert unannotated_functions(source) == ["no_return", "bare_parameter", "bare_keywords"]


def test_every_public_service_function_is_annotated():
    modules = service_modules()
    assert len(modules) >= 8, modules
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in modules
        for name in unannotated_functions(path.read_text())
    ]
    assert offenders == []
