//! Building and running the application: shared by `netral serve` and the
//! integration tests, which start it on port 0.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use tokio::net::TcpListener;

use crate::config::Settings;
use crate::http::router;
use crate::services::AppState;
use crate::services::sessions::AuthState;
use crate::store;
use crate::store::evidence::EvidenceStore;

pub struct Application {
    listener: TcpListener,
    router: Router,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        let keys = Arc::new(crate::keys::Keys::load(&settings)?);
        let store = store::connect_with(&settings, keys.clone()).await?;
        let evidence = Arc::new(EvidenceStore::from_settings(&settings).await?);
        let metrics = Arc::new(crate::services::metrics::Metrics::new());
        // Made now, not at the first sign-in with an unknown username, whose
        // answer would otherwise be slower than a known one's.
        tokio::task::spawn_blocking(crate::services::credentials::dummy_hash).await?;
        let auth = Arc::new(AuthState::new(
            settings.cookie_secure,
            settings.trust_forwarded_for,
        ));
        let state = AppState {
            store,
            evidence,
            metrics,
            auth,
            keys,
            facts: Arc::new(tokio::sync::Mutex::new(
                crate::services::case_index::FactIndex::new(),
            )),
        };
        crate::services::case_views::warm_up(state.clone());
        let router = router(state, &settings.dist_dir);
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
        // Connection info: the per-IP limits on sign-in and joining need
        // the peer address.
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, service)
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
