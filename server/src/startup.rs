//! Building and running the application: shared by `netral serve` and the
//! integration tests, which start it on port 0.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tower::ServiceExt;

use crate::config::Settings;
use crate::http::router;
use crate::services::AppState;
use crate::services::sessions::AuthState;
use crate::store;
use crate::store::evidence::EvidenceStore;

pub struct Application {
    listener: TcpListener,
    router: Router,
    header_timeout: Duration,
}

/// A replica's state from its settings, with nothing started yet: the
/// application starts the dashboard index's loading and the evidence
/// sweeper (tests of a service build one on its own).
pub async fn app_state(settings: &Settings) -> anyhow::Result<AppState> {
    // First: a bad holidays file is the deployer's to fix before anything
    // else starts.
    let calendar = Arc::new(settings.calendar()?);
    let keys = Arc::new(crate::keys::Keys::load(settings)?);
    let store = store::connect_with(settings, keys.clone()).await?;
    let evidence = Arc::new(EvidenceStore::from_settings(settings).await?);
    let metrics = Arc::new(crate::services::metrics::Metrics::new());
    // Made now, not at the first sign-in with an unknown username, whose
    // answer would otherwise be slower than a known one's.
    tokio::task::spawn_blocking(crate::services::credentials::dummy_hash).await?;
    let auth = Arc::new(AuthState::new(
        settings.cookie_secure,
        settings.trust_forwarded_for,
    ));
    Ok(AppState {
        store,
        evidence,
        metrics,
        auth,
        keys,
        facts: Arc::new(crate::services::case_index::SharedIndex::new()),
        limits: Arc::new(settings.limits.clone()),
        calendar,
        public: Arc::new(crate::services::public_stats::PublicStats::new(
            settings.public_statistics.clone(),
        )),
    })
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        let state = app_state(&settings).await?;
        crate::services::case_views::warm_up(state.clone());
        crate::services::evidence::spawn_sweeper(state.clone());
        let router = router(state, &settings.dist_dir);
        let listener = TcpListener::bind(settings.listen).await?;
        Ok(Application {
            listener,
            router,
            header_timeout: settings.limits.header_timeout,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Serves until SIGINT or SIGTERM; requests in flight are finished first,
    /// so a sync either commits and answers or never started.
    ///
    /// Connections are served by hyper's own HTTP/1 builder rather than
    /// `axum::serve`, which sets no timer: with one, a connection that does
    /// not send a complete request head within `--header-timeout` (from
    /// when it opened, or from the end of its previous request) is closed.
    /// HTTP/1.1 only: what browsers speak over plain HTTP and what reverse
    /// proxies speak to the server they front (axum's server also accepted
    /// HTTP/2 without TLS, which nothing here used; its protocol detection
    /// waits for a first byte without any timer).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let Application {
            listener,
            router,
            header_timeout,
        } = self;
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(header_timeout);
        let graceful = GracefulShutdown::new();
        let mut stop = std::pin::pin!(shutdown_signal());
        loop {
            let (stream, peer) = tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok(conn) => conn,
                    // Out of file descriptors and the like: wait, as
                    // axum::serve does, rather than spin.
                    Err(e) => {
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                        continue;
                    }
                },
                () = &mut stop => break,
            };
            let router = router.clone();
            // Connection info: the per-IP limits on sign-in and joining, and
            // the metrics' loopback check, need the peer address.
            let service = hyper::service::service_fn(
                move |mut request: hyper::Request<hyper::body::Incoming>| {
                    request.extensions_mut().insert(ConnectInfo(peer));
                    router.clone().oneshot(request.map(axum::body::Body::new))
                },
            );
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            let connection = graceful.watch(connection);
            tokio::spawn(async move {
                if let Err(e) = connection.await {
                    tracing::debug!(error = %e, "connection ended with an error");
                }
            });
        }
        // No new connections; those open finish their requests in flight
        // and close.
        drop(listener);
        graceful.shutdown().await;
        Ok(())
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
