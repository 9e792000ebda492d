"""``python -m benchmarks [--repeats N] [--write-docs]``: every benchmark, one after another."""

from benchmarks import from_boto3, import_time, to_boto3
from benchmarks._cli import main

# Import first: it runs in fresh interpreters and is unaffected by what this process has loaded.
# from_boto3 before to_boto3, whose set-up calls from_boto3 and would warm shared classes.
main([import_time.run, from_boto3.run, to_boto3.run])
