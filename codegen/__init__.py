"""Code generator for pinpoint-sdk: reads botocore's ``pinpoint`` service model, writes ``pinpoint_sdk/_generated/``.

Not shipped with the package. ``python -m codegen`` writes, ``python -m codegen --check`` fails on any
difference between what is on disk and what would be generated.
"""
