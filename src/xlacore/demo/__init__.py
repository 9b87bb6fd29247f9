"""Deterministic demo data: a small organisation, its services, people, calls and feedback."""

from xlacore.demo.data import DEMO_NOW, DemoData, demo_catalogue, generate

__all__ = ["DEMO_NOW", "DemoData", "demo_catalogue", "generate"]
