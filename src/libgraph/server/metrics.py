"""Prometheus text-format metrics, kept per application (no module-level state)."""

from __future__ import annotations

import threading
from collections import defaultdict

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class Metrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: dict[tuple[str, str, int], int] = defaultdict(int)
        self.latency_buckets: dict[str, list[int]] = defaultdict(lambda: [0] * len(BUCKETS))
        self.latency_sum: dict[str, float] = defaultdict(float)
        self.latency_count: dict[str, int] = defaultdict(int)
        self.query_errors = 0
        self.query_timeouts = 0

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        with self._lock:
            self.requests[(route, method, status)] += 1
            buckets = self.latency_buckets[route]
            for i, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    buckets[i] += 1
            self.latency_sum[route] += seconds
            self.latency_count[route] += 1

    def render(self, workers: int, restarts: int) -> str:
        with self._lock:
            out = ["# HELP libgraph_requests_total HTTP requests by route, method and status.",
                   "# TYPE libgraph_requests_total counter"]
            for (route, method, status), n in sorted(self.requests.items()):
                out.append(f'libgraph_requests_total{{route="{route}",method="{method}",status="{status}"}} {n}')
            out += ["# HELP libgraph_request_seconds Request latency.",
                    "# TYPE libgraph_request_seconds histogram"]
            for route in sorted(self.latency_count):
                for bound, n in zip(BUCKETS, self.latency_buckets[route], strict=True):
                    out.append(f'libgraph_request_seconds_bucket{{route="{route}",le="{bound}"}} {n}')
                out.append(f'libgraph_request_seconds_bucket{{route="{route}",le="+Inf"}} '
                           f"{self.latency_count[route]}")
                out.append(f'libgraph_request_seconds_sum{{route="{route}"}} {self.latency_sum[route]:.6f}')
                out.append(f'libgraph_request_seconds_count{{route="{route}"}} {self.latency_count[route]}')
            out += ["# HELP libgraph_query_errors_total Queries answered with an error (4xx) by the engine.",
                    "# TYPE libgraph_query_errors_total counter", f"libgraph_query_errors_total {self.query_errors}",
                    "# HELP libgraph_query_timeouts_total Queries stopped at the time limit.",
                    "# TYPE libgraph_query_timeouts_total counter",
                    f"libgraph_query_timeouts_total {self.query_timeouts}",
                    "# HELP libgraph_query_workers Query worker processes.", "# TYPE libgraph_query_workers gauge",
                    f"libgraph_query_workers {workers}",
                    "# HELP libgraph_query_worker_restarts_total Workers replaced after a timeout or crash.",
                    "# TYPE libgraph_query_worker_restarts_total counter",
                    f"libgraph_query_worker_restarts_total {restarts}"]
        return "\n".join(out) + "\n"
