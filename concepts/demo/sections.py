"""The extensions' sections of a demo exchange file, asked of the extensions themselves.

The demo files are written by the product's exporter, with every installed extension's section.
Before import, each registered extension that declares `demo_section` gets the data and returns
its section (moved to stay current, or generated for the large town); sections of extensions
that are not registered are left out, as a town's import of such a file would have to.
"""

from concepts.extensions import extensions


def with_extension_sections(data: dict, *, large: bool = False, today=None, size=None) -> dict:
    from_file = data.get("extensions", {})
    data["extensions"] = {}
    for extension in extensions():
        names = {section.name for section in extension.exchange_sections}
        for name in sorted(names):
            section = from_file.get(name)
            if extension.demo_section is not None:
                section = extension.demo_section(data, section, large=large, today=today, size=size)
            if section is not None:
                data["extensions"][name] = section
    return data
