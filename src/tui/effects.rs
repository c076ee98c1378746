//! Carries out the effects `update` asks for, on tasks, and sends their results back as messages.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use super::message::{Effect, Msg, RequestId};
use crate::auth::{ClientConfig, TokenClient};
use crate::clipboard::Copier;
use crate::diag::{Exchange, report};

/// The runtime side of effects: the HTTP client and the requests in flight. Nothing here blocks the UI:
/// every effect runs on a task, and file or certificate reading on the blocking pool.
pub struct Effects {
    messages: UnboundedSender<Msg>,
    copier: Copier,
    clients: ClientCache,
    requests: HashMap<RequestId, JoinHandle<()>>,
}

impl Effects {
    pub fn new(messages: UnboundedSender<Msg>, copier: Copier) -> Self {
        Effects {
            messages,
            copier,
            clients: ClientCache::default(),
            requests: HashMap::new(),
        }
    }

    pub fn run(&mut self, effect: Effect) {
        let messages = self.messages.clone();
        match effect {
            Effect::Send {
                id,
                config,
                request,
            } => {
                let clients = self.clients.clone();
                let task = tokio::spawn(async move {
                    let msg = match clients.get(config).await {
                        Ok(client) => {
                            let (outcome, exchange) = client.send(&request).await;
                            Msg::Answered {
                                id,
                                outcome,
                                exchange: Box::new(exchange),
                            }
                        }
                        Err(error) => Msg::ClientRejected { id, error },
                    };
                    let _ = messages.send(msg);
                });
                self.requests.retain(|_, t| !t.is_finished());
                self.requests.insert(id, task);
            }
            Effect::Cancel(id) => {
                if let Some(task) = self.requests.remove(&id) {
                    task.abort();
                }
            }
            Effect::CheckToken {
                config,
                app_key,
                token,
            } => {
                let clients = self.clients.clone();
                tokio::spawn(async move {
                    let (result, exchange) = match clients.get(config.clone()).await {
                        Ok(client) => client.user_info(&app_key, &token).await,
                        Err(error) => (
                            Err(error.clone()),
                            Exchange::not_sent("GET", &config.url, &error),
                        ),
                    };
                    let _ = messages.send(Msg::TokenChecked {
                        result,
                        exchange: Box::new(exchange),
                    });
                });
            }
            Effect::Copy(token) => {
                let copier = self.copier.clone();
                tokio::spawn(async move {
                    let _ = messages.send(Msg::Copied(copier.copy(&token).await));
                });
            }
            Effect::WriteReport { path, text } => {
                tokio::task::spawn_blocking(move || {
                    let written = match &path {
                        Some(path) => report::write(path, &text),
                        None => report::write_default(&text, SystemTime::now()),
                    };
                    let where_to = path
                        .as_deref()
                        .map(|p| format!("{}: ", p.display()))
                        .unwrap_or_default();
                    let result = written
                        .map(|p| p.display().to_string())
                        .map_err(|e| format!("{where_to}{e}"));
                    let _ = messages.send(Msg::ReportWritten(result));
                });
            }
        }
    }
}

/// The HTTP client, built on the blocking pool (it reads certificates) and reused while its settings hold.
#[derive(Clone, Default)]
struct ClientCache(Arc<Mutex<Option<CachedClient>>>);

/// A client and the settings it was built with.
type CachedClient = (ClientConfig, Arc<TokenClient>);

impl ClientCache {
    async fn get(&self, config: ClientConfig) -> Result<Arc<TokenClient>, String> {
        let cache = self.clone();
        let built = tokio::task::spawn_blocking(move || {
            let mut slot = cache.0.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some((cached, client)) = slot.as_ref()
                && *cached == config
            {
                return Ok(client.clone());
            }
            let client = Arc::new(TokenClient::new(&config).map_err(|e| e.to_string())?);
            *slot = Some((config, client.clone()));
            Ok(client)
        });
        built.await.map_err(|e| e.to_string())?
    }
}
