"""CCHC: administrative-reform planning, tracking and reporting for Vietnamese public administrations."""

__version__ = "0.1.0"
