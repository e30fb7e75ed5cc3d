//! Building and running the application: shared by `netral serve` and the
//! integration tests, which start it on port 0.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use tokio::net::TcpListener;

use crate::config::Settings;
use crate::evidence::EvidenceStore;
use crate::routes::{AppState, router};
use crate::store;

pub struct Application {
    listener: TcpListener,
    router: Router,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        let store = store::connect(&settings).await?;
        let evidence = Arc::new(EvidenceStore::from_settings(&settings).await?);
        let metrics = Arc::new(crate::metrics::Metrics::new());
        let router = router(
            AppState {
                store,
                evidence,
                metrics,
            },
            &settings.dist_dir,
        );
        let listener = TcpListener::bind(settings.listen).await?;
        Ok(Application { listener, router })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Serves until SIGINT or SIGTERM; requests in flight are finished first,
    /// so a sync either commits and answers or never started.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown_signal())
            .await
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
