//! Prometheus metrics, counted per server process: each replica has its own
//! counters, and Prometheus sums them over replicas (`sum by (route) (…)`).
//! A registry per application rather than a global one, so every test
//! server counts only its own requests.

use std::time::Duration;

use netral_shared::sync::{Outcome, ReportResult};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, Opts, Registry, TextEncoder,
};

use crate::store::BatchStats;

pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    sync_batches: IntCounter,
    reports: IntCounterVec,
    grouped: IntCounter,
    merges: IntCounterVec,
    evidence_bytes: IntCounter,
    evidence_files: IntCounter,
}

impl Metrics {
    pub fn new() -> Metrics {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new("netral_http_requests_total", "HTTP requests answered"),
            &["method", "route", "status"],
        )
        .expect("valid metric");
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "netral_http_request_duration_seconds",
                "Time from request to response headers",
            )
            .buckets(vec![
                0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            ]),
            &["method", "route"],
        )
        .expect("valid metric");
        let sync_batches = IntCounter::new(
            "netral_sync_batches_total",
            "Sync batches committed (POST /api/v1/sync)",
        )
        .expect("valid metric");
        let reports = IntCounterVec::new(
            Opts::new(
                "netral_reports_total",
                "Reports received by outcome: accepted, replayed, stale, rejected",
            ),
            &["outcome"],
        )
        .expect("valid metric");
        let grouped = IntCounter::new(
            "netral_reports_grouped_total",
            "New reports grouped into a case that already existed",
        )
        .expect("valid metric");
        let merges = IntCounterVec::new(
            Opts::new(
                "netral_case_merges_total",
                "Cases merged into another: by grouping (automatic) or by a coordinator",
            ),
            &["by"],
        )
        .expect("valid metric");
        let evidence_bytes = IntCounter::new(
            "netral_evidence_stored_bytes_total",
            "Bytes of evidence files newly stored",
        )
        .expect("valid metric");
        let evidence_files = IntCounter::new(
            "netral_evidence_stored_files_total",
            "Evidence files newly stored",
        )
        .expect("valid metric");
        for c in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(latency.clone()),
            Box::new(sync_batches.clone()),
            Box::new(reports.clone()),
            Box::new(grouped.clone()),
            Box::new(merges.clone()),
            Box::new(evidence_bytes.clone()),
            Box::new(evidence_files.clone()),
        ] {
            registry.register(c).expect("each metric registered once");
        }
        // Zero series exist from the start, so a rate over a fresh replica
        // is 0, not absent.
        for outcome in ["accepted", "replayed", "stale", "rejected"] {
            reports.with_label_values(&[outcome]);
        }
        for by in ["automatic", "coordinator"] {
            merges.with_label_values(&[by]);
        }
        Metrics {
            registry,
            requests,
            latency,
            sync_batches,
            reports,
            grouped,
            merges,
            evidence_bytes,
            evidence_files,
        }
    }

    pub fn request(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        self.requests
            .with_label_values(&[method, route, &status.to_string()])
            .inc();
        self.latency
            .with_label_values(&[method, route])
            .observe(elapsed.as_secs_f64());
    }

    /// A committed batch (of `POST /sync`, or of one `PUT /reports/{id}`),
    /// or a `PUT` rejected before any transaction.
    pub fn batch(&self, results: &[ReportResult], stats: BatchStats, is_sync: bool) {
        if is_sync {
            self.sync_batches.inc();
        }
        for r in results {
            let outcome = match r.outcome {
                Outcome::Accepted => "accepted",
                Outcome::Replayed => "replayed",
                Outcome::Stale => "stale",
                Outcome::Rejected => "rejected",
            };
            self.reports.with_label_values(&[outcome]).inc();
        }
        self.grouped.inc_by(stats.grouped_into_existing);
        self.merges
            .with_label_values(&["automatic"])
            .inc_by(stats.cases_merged);
    }

    pub fn coordinator_merge(&self) {
        self.merges.with_label_values(&["coordinator"]).inc();
    }

    pub fn evidence_stored(&self, bytes: u64) {
        self.evidence_files.inc();
        self.evidence_bytes.inc_by(bytes);
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        let mut out = Vec::new();
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut out)
            .expect("encoding to memory cannot fail");
        String::from_utf8(out).expect("the text format is UTF-8")
    }
}

impl Default for Metrics {
    fn default() -> Metrics {
        Metrics::new()
    }
}
