//! The listener: HTTP/1.1 connections with a bound on how many are open, a deadline for each
//! request's headers (which is also the idle keep-alive timeout), SIGHUP to reload the signer
//! files, and graceful shutdown on SIGTERM or Ctrl-C.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::signal::unix::{signal, SignalKind};
use tokio::sync::Semaphore;

use crate::http::AppState;

/// Connection limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections open at once; more wait in the kernel's accept queue.
    pub max_connections: usize,
    /// Time for a request's headers to arrive, and for an idle connection to send the next.
    pub header_timeout: Duration,
    /// Time given to open requests on shutdown.
    pub drain: Duration,
}

/// Serves `app` on `listen` until SIGTERM or Ctrl-C; `reload` runs on SIGHUP.
pub fn run(
    listen: &str,
    app: axum::Router,
    state: Arc<AppState>,
    limits: Limits,
    reload: impl Fn(&AppState) + Send + 'static,
) -> Result<()> {
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| format!("listening on {listen}"))?;
        tracing::info!(url = %format!("http://{}", listener.local_addr()?), "answering");
        let mut terminate = signal(SignalKind::terminate())?;
        let mut hangup = signal(SignalKind::hangup())?;
        let permits = Arc::new(Semaphore::new(limits.max_connections));
        let graceful = GracefulShutdown::new();
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout)
            .keep_alive(true);
        loop {
            let next = async {
                let permit = permits.clone().acquire_owned().await;
                (permit, listener.accept().await)
            };
            tokio::select! {
                (permit, accepted) = next => {
                    let Ok(permit) = permit else { break };
                    let stream = match accepted {
                        Ok((stream, _)) => stream,
                        Err(e) => {
                            // Out of file descriptors, say: wait a moment, keep serving.
                            tracing::warn!(error = %e, "accept failed");
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            continue;
                        }
                    };
                    let _ = stream.set_nodelay(true);
                    let service = TowerToHyperService::new(app.clone());
                    let connection = graceful.watch(
                        http.serve_connection(TokioIo::new(stream), service),
                    );
                    tokio::spawn(async move {
                        let _permit = permit;
                        let _ = connection.await;
                    });
                }
                _ = hangup.recv() => reload(&state),
                _ = terminate.recv() => break,
                _ = tokio::signal::ctrl_c() => break,
            }
        }
        drop(listener);
        tracing::info!("shutting down");
        tokio::select! {
            _ = graceful.shutdown() => {}
            _ = tokio::time::sleep(limits.drain) => {
                tracing::warn!("connections still open after the drain time; closing");
            }
        }
        Ok(())
    })
}
