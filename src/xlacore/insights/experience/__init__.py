"""What shapes experience, one module per analysis.

Lifecycle effects, first resolution, lost time, channels, journeys, reason factors,
knowledge use and self-service.
"""
