"""An agreement file with a composite indicator (happiness and lost time), for several tests.

``AGREEMENT`` has the placeholders ``{components}`` (the composite's components, such as
``COMPONENTS``) and ``{min_n}`` (the index objective's minimum n).
"""

COMPONENTS = """
[[documents.spec.params.components]]
strategy = "happiness"
weight = 2.0
normalisation = { direction = "maximize", bands = [
  { in_low = -100, in_high = 0, out_low = 0, out_high = 50 },
  { in_low = 0, in_high = 100, out_low = 50, out_high = 100 },
] }
[[documents.spec.params.components]]
strategy = "mean"
params = { column = "lost_time_seconds" }
normalisation = { direction = "minimize", bands = [
  { in_low = 0, in_high = 7200, out_low = 0, out_high = 100 },
] }
"""

AGREEMENT = """
[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "happiness"
spec = { source = "feedback", strategy = "happiness" }

[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "lost-time"
spec = { source = "feedback", strategy = "mean", params = { column = "lost_time_seconds" } }

[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "experience-index"
[documents.spec]
source = "feedback"
strategy = "composite"
params.rule = "weighted_average"
{components}

[[documents]]
apiVersion = "xlacore/v1"
kind = "XLA"
metadata.name = "index-xla"
[[documents.spec.objectives]]
name = "happiness"
indicator = "happiness"
op = "gte"
target = 30
[[documents.spec.objectives]]
name = "lost-time"
indicator = "lost-time"
op = "lte"
target = 3600
[[documents.spec.objectives]]
name = "index"
indicator = "experience-index"
op = "gte"
target = 60
min_n = {min_n}
"""
