"""Benchmarks of the model layer, the converter, the client and bulk loading; results and budgets
in docs/performance.md.

``python -m benchmarks`` runs them all; ``python -m benchmarks.<name>`` runs one
(``import_time``, ``from_boto3``, ``to_boto3``, ``client_overhead``, ``bulk``). Run by hand:
timing is never a test assertion.
"""
