"""``python -m benchmarks [--repeats N] [--write-docs]``: every benchmark, one after another."""

from benchmarks import bulk, client_overhead, from_boto3, import_time, scaling, to_boto3
from benchmarks._cli import main

# Import first: it runs in fresh interpreters and is unaffected by what this process has loaded.
# from_boto3 before to_boto3, whose set-up calls from_boto3 and would warm shared classes.
# The client and bulk benchmarks last: they start emulators and load the machine for minutes.
main([import_time.run, from_boto3.run, scaling.run, to_boto3.run, client_overhead.run, bulk.run])
