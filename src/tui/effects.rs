//! Carries out the effects `update` asks for, on tasks, and sends their results back as messages.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::SystemTime;

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use super::message::{Effect, Msg, RequestId};
use crate::auth::{ClientConfig, TokenClient};
use crate::clipboard::Copier;
use crate::diag::{Exchange, report};

/// The runtime side of effects: the HTTP client (reused while its settings hold) and the requests in flight.
pub struct Effects {
    messages: UnboundedSender<Msg>,
    copier: Copier,
    client: Option<(ClientConfig, Arc<TokenClient>)>,
    requests: HashMap<RequestId, JoinHandle<()>>,
}

impl Effects {
    pub fn new(messages: UnboundedSender<Msg>, copier: Copier) -> Self {
        Effects {
            messages,
            copier,
            client: None,
            requests: HashMap::new(),
        }
    }

    pub fn run(&mut self, effect: Effect) {
        match effect {
            Effect::Send {
                id,
                config,
                request,
            } => match self.client_for(&config) {
                Ok(client) => {
                    let messages = self.messages.clone();
                    let task = tokio::spawn(async move {
                        let (outcome, exchange) = client.send(&request).await;
                        let _ = messages.send(Msg::Answered {
                            id,
                            outcome,
                            exchange: Box::new(exchange),
                        });
                    });
                    self.requests.retain(|_, t| !t.is_finished());
                    self.requests.insert(id, task);
                }
                Err(error) => {
                    let _ = self.messages.send(Msg::ClientRejected { id, error });
                }
            },
            Effect::CheckToken {
                config,
                app_key,
                token,
            } => {
                let messages = self.messages.clone();
                let client = self.client_for(&config);
                tokio::spawn(async move {
                    let msg = match client {
                        Ok(client) => {
                            let (result, exchange) = client.user_info(&app_key, &token).await;
                            Msg::TokenChecked {
                                result,
                                exchange: Box::new(exchange),
                            }
                        }
                        Err(error) => Msg::TokenChecked {
                            exchange: Box::new(Exchange::not_sent("GET", &config.url, &error)),
                            result: Err(error),
                        },
                    };
                    let _ = messages.send(msg);
                });
            }
            Effect::WriteReport { path, text } => {
                let path = path.unwrap_or_else(|| report::default_path(SystemTime::now()));
                let result = report::write(&path, &text)
                    .map(|p| p.display().to_string())
                    .map_err(|e| format!("{}: {e}", path.display()));
                let _ = self.messages.send(Msg::ReportWritten(result));
            }
            Effect::Cancel(id) => {
                if let Some(task) = self.requests.remove(&id) {
                    task.abort();
                }
            }
            Effect::Copy(token) => {
                let messages = self.messages.clone();
                let copier = self.copier.clone();
                tokio::spawn(async move {
                    let _ = messages.send(Msg::Copied(copier.copy(&token).await));
                });
            }
        }
    }

    fn client_for(&mut self, config: &ClientConfig) -> Result<Arc<TokenClient>, String> {
        if let Some((cached, client)) = &self.client
            && cached == config
        {
            return Ok(client.clone());
        }
        let client = Arc::new(TokenClient::new(config).map_err(|e| e.to_string())?);
        self.client = Some((config.clone(), client.clone()));
        Ok(client)
    }
}
