"""``python -m benchmarks [--quick] [--repeats N] [--write-docs]``: every benchmark, one after
another, then one line per verdict (goal, figure, met or missed).

``--quick`` takes under two minutes on a 2-CPU machine. Benchmarks that need what is not
installed say so and are skipped: the instruction counts need ``valgrind`` on PATH, the async
client's benchmark aiobotocore (``.venv-async/bin/python -m benchmarks`` runs it, and the async
rows of the instruction counts, with the older botocore aiobotocore pins).
"""

import importlib.util

from benchmarks import (
    async_overhead,
    bulk,
    client_overhead,
    emulator_state,
    from_boto3,
    import_time,
    instructions,
    scaling,
    scaling_instructions,
    to_boto3,
)
from benchmarks._cli import Benchmark, main


def _without_aiobotocore() -> str | None:
    if importlib.util.find_spec("aiobotocore") is not None:
        return None
    return (
        "aiobotocore is not installed here; run `.venv-async/bin/python -m benchmarks."
        "async_overhead` (`make test-async` builds that environment)"
    )


# Import first: it runs in fresh interpreters and is unaffected by what this process has loaded.
# from_boto3 before to_boto3, whose set-up calls from_boto3 and would warm shared classes.
# The client and bulk benchmarks last: they start emulators and load the machine for minutes.
# Instruction counts do not mind the load: they run valgrind two processes at a time.
main(
    [
        Benchmark(import_time.run, {"repeats": 5, "details": False}),
        Benchmark(from_boto3.run, {"repeats": 3, "details": False}),
        Benchmark(scaling.run, {"repeats": 3, "details": False}),
        Benchmark(to_boto3.run, {"repeats": 3}),
        Benchmark(client_overhead.run, {"repeats": 3, "places": ("subprocess",), "rounds": 900}),
        Benchmark(
            bulk.run,
            {
                "repeats": 3,
                "sizes": (10_000, 100_000),
                "traced_sizes": (10_000, 30_000),
                "throughput": False,
                "latency_endpoints": (5_000, 20),
            },
        ),
        Benchmark(instructions.run, {"runs": 1, "workers": 1, "quick": True}, background=True),
        Benchmark(scaling_instructions.run, in_quick=False),
        Benchmark(
            async_overhead.run,
            {"repeats": 3, "rounds": 600, "processes": 3},
            skip=_without_aiobotocore,
        ),
        Benchmark(emulator_state.run, {"repeats": 3, "loaded": 20_000}),
    ]
)
