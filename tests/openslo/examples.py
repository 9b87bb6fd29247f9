"""OpenSLO v1 documents the tests read: the specification's own, and one xlacore scores."""

# The inline-SLI SLO of the OpenSLO v1 specification (README, "An example of an SLO where SLI
# is inlined"), as published: its good and total queries go to Datadog.
SPEC_INLINE_SLO = """\
apiVersion: openslo/v1
kind: SLO
metadata:
  name: foo-slo
  displayName: Foo SLO
spec:
  service: foo
  indicator:
    metadata:
      name: foo-error
      displayName: Foo Error
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            metricSourceRef: datadog-datasource
            type: Datadog
            spec:
              query: sum:trace.http.request.hits.by_http_status{http.status_code:200}.as_count()
        total:
          metricSource:
            metricSourceRef: datadog-datasource
            type: Datadog
            spec:
              query: sum:trace.http.request.hits.by_http_status{*}.as_count()
  objectives:
    - displayName: Foo Total Errors
      target: 0.98
"""

# The same shapes (a Service, an SLI referred to by indicatorRef, a bad/total ratio, the
# spec's objectives example with target and targetPercent, its DataSource and AlertPolicy
# examples), with metric sources that xlacore scores.
SERVICE_DESK = """\
apiVersion: openslo/v1
kind: DataSource
metadata:
  name: cloudwatch
spec:
  type: CloudWatch
  connectionDetails:
    accessKeyID: accessKey
    secretAccessKey: secretAccessKey
---
apiVersion: openslo/v1
kind: Service
metadata:
  name: service-desk
  displayName: Service desk
  labels:
    team: workplace
    tags: [itsm, desk]
  annotations:
    xlacore/kind: XLA
    xlacore/services: laptop, printing
spec:
  description: How people experience the service desk.
---
apiVersion: openslo/v1
kind: SLI
metadata:
  name: reopened
  displayName: Reopened calls
spec:
  description: Resolved calls that were reopened.
  ratioMetric:
    counter: false
    bad:
      metricSource:
        type: xlacore
        spec:
          source: calls
          where: {field: reopened, op: eq, value: true}
    total:
      metricSource:
        type: xlacore
        spec:
          source: calls
          where: {field: reopened, op: exists, value: true}
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: reopen-rate
spec:
  description: Calls stay resolved.
  service: service-desk
  indicatorRef: reopened
  timeWindow:
    - duration: 4w
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - displayName: Foo Total Errors
      target: 0.98
    - displayName: Bar Total Errors
      targetPercent: 99.99
  alertPolicies:
    - alertPolicyRef: reopen-burn
---
apiVersion: openslo/v1
kind: AlertPolicy
metadata:
  name: reopen-burn
spec:
  alertWhenBreaching: true
  conditions:
    - conditionRef: cpu-usage-breach
  notificationTargets:
    - targetRef: OnCallDevopsMailNotification
"""
