"""pinpoint-sdk: a typed Python SDK for the Amazon Pinpoint API (2016-12-01)."""

__version__ = "0.1.0"
