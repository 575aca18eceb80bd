"""The schema check of the exchange import, before and after side by side in one run.

"vorher" builds a new jsonschema validator for every check, resolves every `$ref` per element
and carries every format checker (as `check_schema` did until issue 17); "jsonschema" is the
jsonschema validator `check_schema` keeps: built once per set of sections, the `$defs` inlined,
only the "date" format checked (issue 17, point 4); "nachher" is `check_schema` itself, which
asks jsonschema-rs first and jsonschema only for a file that one refuses (issue 17, point 5).
All on the export of `demo --large` (about 1.3 MB); the figures are the least CPU time of five
runs.

    python benchmarks/bench_exchange_check.py
"""

import io
import time

from common import setup_django

setup_django()

import jsonschema  # noqa: E402
from django.core.management import call_command  # noqa: E402

from concepts.demo.large import TOWN_SLUG  # noqa: E402
from concepts.exchange import check  # noqa: E402
from concepts.exchange.export import edition_export  # noqa: E402
from concepts.models import Edition, Municipality  # noqa: E402


def main():
    call_command("demo", "--large", stdout=io.StringIO())
    town = Municipality.objects.get(slug=TOWN_SLUG)
    data = edition_export(Edition.objects.for_municipality(town).latest("pk"))

    def before():
        validator = jsonschema.Draft202012Validator(
            check._schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        return list(validator.iter_errors(data))

    def cached():
        return list(check._validators_now()[1].iter_errors(data))

    def after():
        return check.check_schema(data)

    results = {}
    for name, fn in (("vorher", before), ("jsonschema", cached), ("nachher", after)):
        times = []
        for _ in range(5):
            start = time.process_time()
            assert fn() == []
            times.append(time.process_time() - start)
        results[name] = min(times)
        print(f"{name:>10}: {results[name]:.3f} s CPU (Schema-Prüfung des großen Konzepts)")
    print(f"Verhältnis nachher/vorher: {results['nachher'] / results['vorher']:.2f}")


if __name__ == "__main__":
    main()
