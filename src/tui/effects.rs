//! Carries out the effects `update` asks for, on tasks, and sends their results back as messages.
//! Every task is tracked: requests can be cancelled, and leaving waits for a copy under way.

use std::collections::HashMap;
use std::io;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use secrecy::SecretString;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use super::message::{Effect, Msg, ReportError, RequestId};
use crate::auth::{ClientConfig, ClientOptionError, Outcome, TokenClient, TokenRequest};
use crate::clipboard::Copier;
use crate::diag::{Exchange, report};
use crate::session::{LockPlace, LoginLock, MAX_WAIT};

/// The runtime side of effects: the HTTP client and the tasks under way. Nothing here blocks the UI:
/// every effect runs on a task, and file or certificate reading on the blocking pool. OSC 52 sequences
/// wait here for the loop, which writes them to the terminal between two frames.
pub(crate) struct Effects {
    messages: UnboundedSender<Msg>,
    /// The login lock of `token` and `exec`'s TUI: taken for each login request, and after the one that
    /// brings a token, held until it is stored (so a run that waited finds it).
    login_lock: Option<LockPlace>,
    held: HeldLock,
    clients: ClientCache,
    requests: HashMap<RequestId, JoinHandle<()>>,
    /// The token check and report writes: of no use once the TUI has closed.
    others: Vec<JoinHandle<()>>,
    /// Copies to the system clipboard: finished before the program ends, so a token is never half handed over.
    copies: Vec<JoinHandle<()>>,
    /// Tokens to send to the terminal with OSC 52, oldest first.
    osc52: Vec<Osc52Copy>,
}

/// A token to write to the terminal with OSC 52, and the copier that says what it did.
pub(crate) struct Osc52Copy {
    pub copier: Copier,
    pub token: SecretString,
}

impl Effects {
    pub(crate) fn new(messages: UnboundedSender<Msg>, login_lock: Option<LockPlace>) -> Self {
        Effects {
            messages,
            login_lock,
            held: HeldLock::default(),
            clients: ClientCache::default(),
            requests: HashMap::new(),
            others: Vec::new(),
            copies: Vec::new(),
            osc52: Vec::new(),
        }
    }

    pub(crate) fn run(&mut self, effect: Effect) {
        self.requests.retain(|_, task| !task.is_finished());
        self.others.retain(|task| !task.is_finished());
        self.copies.retain(|task| !task.is_finished());
        match effect {
            Effect::Send {
                id,
                config,
                request,
            } => {
                let task = self.send(id, config, request);
                self.requests.insert(id, task);
            }
            Effect::Cancel(id) => {
                if let Some(task) = self.requests.remove(&id) {
                    task.abort();
                }
            }
            Effect::CheckToken {
                id,
                config,
                app_key,
                token,
            } => {
                let task = self.check_token(id, config, (app_key, token));
                self.others.push(task);
            }
            Effect::CopyToSystem { copier, token } => {
                let messages = self.messages.clone();
                self.copies.push(tokio::spawn(async move {
                    let _ = messages.send(Msg::Copied(copier.copy_to_system(&token).await));
                }));
            }
            Effect::Osc52 { copier, token } => self.osc52.push(Osc52Copy { copier, token }),
            store @ (Effect::Store { .. }
            | Effect::LogOut { .. }
            | Effect::ReadStored { .. }
            | Effect::SaveProfile { .. }) => self.in_store(store),
            Effect::WriteReport { path, text } => {
                let task = self.write_report(path, text);
                self.others.push(task);
            }
        }
    }

    /// Carries out a store's `effect` (the keyring, a file: blocking IO, off the runtime's threads) and
    /// sends its message; finished before the program ends, like a copy.
    fn in_store(&mut self, effect: Effect) {
        let messages = self.messages.clone();
        // The token a login brought, stored: the lock held since its request is let go.
        let release = matches!(effect, Effect::Store { .. }).then(|| self.held.clone());
        self.copies.push(tokio::task::spawn_blocking(move || {
            let msg = effect.in_the_store();
            if let Some(held) = release {
                held.set(None);
            }
            if let Some(msg) = msg {
                let _ = messages.send(msg);
            }
        }));
    }

    fn send(&self, id: RequestId, config: ClientConfig, request: TokenRequest) -> JoinHandle<()> {
        let (clients, messages) = (self.clients.clone(), self.messages.clone());
        let (place, held) = (self.login_lock.clone(), self.held.clone());
        tokio::spawn(async move {
            // Another run's login under way: this request waits for it (bounded; Esc cancels).
            let lock = match &place {
                Some(place) => match LoginLock::take(place, MAX_WAIT, |_| {}).await {
                    Ok(lock) => Some(lock),
                    Err(e) => {
                        let why = e.to_string();
                        let _ = messages.send(Msg::LockNotTaken { id, why });
                        return;
                    }
                },
                None => None,
            };
            let msg = match clients.get(config).await {
                Ok(client) => {
                    let (outcome, exchange) = client.send(&request).await;
                    if matches!(outcome, Outcome::Succeeded(_)) {
                        held.set(lock);
                    }
                    let exchange = Box::new(exchange);
                    Msg::Answered {
                        id,
                        outcome,
                        exchange,
                    }
                }
                Err(error) => Msg::ClientRejected { id, error },
            };
            let _ = messages.send(msg);
        })
    }

    fn check_token(
        &self,
        id: RequestId,
        config: ClientConfig,
        (app_key, token): (SecretString, SecretString),
    ) -> JoinHandle<()> {
        let (clients, messages) = (self.clients.clone(), self.messages.clone());
        tokio::spawn(async move {
            let (result, exchange) = match clients.get(config.clone()).await {
                Ok(client) => client.user_info(&app_key, &token).await,
                Err(error) => {
                    let record = Exchange::not_sent("GET", &config.url, &error.to_string());
                    (Err(error.into()), record)
                }
            };
            let exchange = Box::new(exchange);
            let _ = messages.send(Msg::TokenChecked {
                id,
                result,
                exchange,
            });
        })
    }

    fn write_report(&self, path: Option<PathBuf>, text: String) -> JoinHandle<()> {
        let messages = self.messages.clone();
        tokio::task::spawn_blocking(move || {
            let written = match &path {
                Some(path) => report::write(path, &text),
                None => report::write_default(&text, SystemTime::now()),
            };
            let result = written.map_err(|source| ReportError { path, source });
            let _ = messages.send(Msg::ReportWritten(result));
        })
    }

    /// The tokens the loop is to write to the terminal with OSC 52.
    pub(crate) fn take_osc52(&mut self) -> Vec<Osc52Copy> {
        std::mem::take(&mut self.osc52)
    }

    /// The loop wrote a token with OSC 52 (or failed to): what that did, tmux's paste buffer included,
    /// comes back as a message. Counted as a copy, so a buffer's deletion is scheduled before the end.
    pub fn osc52_written(&mut self, copy: Osc52Copy, written: io::Result<()>) {
        let Osc52Copy { copier, token } = copy;
        let messages = self.messages.clone();
        self.copies.push(tokio::spawn(async move {
            let copied = copier.osc52_written(&token, written).await;
            let _ = messages.send(Msg::Osc52Written(copied));
        }));
    }

    /// Before the program ends: drops what no one will see, and lets a copy under way finish (the keeper
    /// confirms within seconds, or is given up on).
    pub(crate) async fn settle(self) {
        self.requests.values().for_each(JoinHandle::abort);
        self.others.iter().for_each(JoinHandle::abort);
        for copy in self.copies {
            let _ = copy.await;
        }
    }
}

impl Effect {
    /// Carries out one of the store's effects (blocking IO) and says what it did; `None` for the
    /// effects that are not the store's, which `Effects::run` carries out itself.
    pub fn in_the_store(self) -> Option<Msg> {
        match self {
            Effect::Store {
                saver,
                token,
                app_key,
                url,
                username,
                at,
            } => {
                let at = jiff::Timestamp::try_from(at).unwrap_or_else(|_| jiff::Timestamp::now());
                let login = (url.as_str(), username.as_str(), Some(&app_key));
                saver.keep(token, login, at).map(Msg::Stored)
            }
            Effect::LogOut {
                saver,
                url,
                username,
            } => Some(Msg::LoggedOut(saver.drop_token(&url, &username))),
            Effect::ReadStored {
                id,
                profile,
                saver,
                url,
                username,
            } => {
                let result = saver.stored_session(url.as_deref(), username.as_deref());
                Some(Msg::StoredRead {
                    id,
                    profile,
                    result,
                })
            }
            Effect::SaveProfile { saver, config, new } => {
                Some(Msg::ProfileSaved(saver.save_profile(&config, *new)))
            }
            // Not the store's: `Effects::run` carries these out itself.
            _ => None,
        }
    }
}

/// The login lock a TUI holds from the answer that brought a token until that token is stored.
#[derive(Clone, Default)]
struct HeldLock(Arc<Mutex<Option<LoginLock>>>);

impl HeldLock {
    fn set(&self, lock: Option<LoginLock>) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = lock;
    }
}

/// The HTTP client, built on the blocking pool (it reads certificates) and reused while its settings hold.
#[derive(Clone, Default)]
struct ClientCache(Arc<Mutex<Option<CachedClient>>>);

/// A client and the settings it was built with.
type CachedClient = (ClientConfig, Arc<TokenClient>);

impl ClientCache {
    async fn get(&self, config: ClientConfig) -> Result<Arc<TokenClient>, ClientOptionError> {
        let cache = self.clone();
        let built = tokio::task::spawn_blocking(move || {
            let mut slot = cache.0.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some((cached, client)) = slot.as_ref()
                && *cached == config
            {
                return Ok(client.clone());
            }
            let client = Arc::new(TokenClient::new(&config)?);
            *slot = Some((config, client.clone()));
            Ok(client)
        });
        built
            .await
            .map_err(|e| ClientOptionError::Build(e.to_string()))?
    }
}
