//! The token endpoint's rules: app key, credentials, factor steps, single-use interim tokens, lockout.

use super::ReceivedRequest;
use super::scenarios::{Scenarios, UserScenario};
use super::token::Mint;
use http::StatusCode;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::{Duration, Instant};

const INTERIM_LIFETIME: Duration = Duration::from_mins(10);
const SESSION_LIFETIME: Duration = Duration::from_hours(24);
const LOCKED: &str = "Too many failed attempts, the login is locked";

/// What the server answers, before it becomes an HTTP response.
pub(crate) enum Reply {
    Json {
        status: StatusCode,
        body: Value,
        retry_after: Option<u64>,
    },
    Raw {
        status: StatusCode,
        content_type: String,
        body: String,
    },
}

impl Reply {
    fn json(status: StatusCode, body: Value) -> Reply {
        Reply::Json {
            status,
            body,
            retry_after: None,
        }
    }

    fn failed(status: StatusCode, step: &str, reason: &str) -> Reply {
        Reply::failed_after(status, step, reason, None)
    }

    fn failed_after(
        status: StatusCode,
        step: &str,
        reason: &str,
        retry_after: Option<u64>,
    ) -> Reply {
        let body = json!({"State": "Failed", "Step": step, "Reason": reason});
        Reply::Json {
            status,
            body,
            retry_after,
        }
    }

    fn bad_app_key(status: StatusCode) -> Reply {
        Reply::json(
            status,
            json!({"error": "Application key is not defined or does not exist"}),
        )
    }

    fn corrupted() -> Reply {
        Reply::failed(
            StatusCode::UNAUTHORIZED,
            "VerificationCode",
            "Corrupted ticket",
        )
    }

    pub(crate) fn status(&self) -> StatusCode {
        match self {
            Reply::Json { status, .. } | Reply::Raw { status, .. } => *status,
        }
    }
}

/// A factor the user must give, in order.
struct Factor<'a> {
    step: &'a str,
    expecting: &'a str,
    invalid: &'a str,
    answer: &'a str,
    /// Request headers that may carry the answer.
    headers: &'static [&'static str],
    /// May be answered on the first request already (the PIN).
    on_first_request: bool,
}

fn factors(user: &UserScenario) -> Vec<Factor<'_>> {
    let pin = user.pin.as_deref().map(|answer| Factor {
        step: "SecutityPin",
        expecting: "Expecting pin code",
        invalid: "Invalid pin",
        answer,
        headers: &["pincode"],
        on_first_request: true,
    });
    let code = user.code.as_deref().map(|answer| Factor {
        step: "VerificationCode",
        expecting: user
            .code_reason
            .as_deref()
            .unwrap_or("Expecting confirmation code"),
        invalid: "Invalid verification code",
        answer,
        headers: &["verificationcode"],
        on_first_request: false,
    });
    let question = user.question.as_ref().map(|q| Factor {
        step: &q.step,
        expecting: &q.reason,
        invalid: "Invalid answer",
        answer: &q.answer,
        headers: &["verificationcode", "pincode"],
        on_first_request: false,
    });
    [pin, code, question].into_iter().flatten().collect()
}

/// A login waiting for its next factor, found by its interim token.
#[derive(Clone, Copy)]
struct Pending {
    user: usize,
    step: usize,
    wrong: u32,
    issued: Instant,
}

/// Interim tokens in flight and final tokens issued.
pub(crate) struct Logins {
    mint: Mint,
    pending: HashMap<String, Pending>,
    /// Final tokens: whose, and until when the token check accepts them.
    sessions: HashMap<String, (usize, Instant)>,
}

impl Logins {
    pub(crate) fn new() -> Logins {
        Logins {
            mint: Mint::new(),
            pending: HashMap::new(),
            sessions: HashMap::new(),
        }
    }

    /// `POST /api/token`.
    pub(crate) fn token(&mut self, scenarios: &Scenarios, req: &ReceivedRequest) -> Reply {
        let named = req.header("username").and_then(|name| scenarios.user(name));
        if let Some(raw) = named.and_then(|(_, u)| u.raw.as_ref()) {
            let status = StatusCode::from_u16(raw.status).unwrap_or(StatusCode::BAD_GATEWAY);
            return Reply::Raw {
                status,
                content_type: raw.content_type.clone(),
                body: raw.body.clone(),
            };
        }
        if req.header("et-app-key") != Some(scenarios.app_key.as_str()) {
            return Reply::bad_app_key(StatusCode::UNAUTHORIZED);
        }
        let Some((index, user)) =
            named.filter(|(_, u)| req.header("password") == Some(u.password.as_str()))
        else {
            return Reply::failed(
                StatusCode::UNAUTHORIZED,
                "BaseAuthentication",
                "Invalid credentials",
            );
        };
        if let Some(fail) = &user.fail {
            let status = StatusCode::from_u16(fail.status).unwrap_or(StatusCode::UNAUTHORIZED);
            return Reply::failed_after(status, &fail.step, &fail.reason, fail.retry_after);
        }
        let factors = factors(user);
        match req.header("authorization") {
            Some(auth) => match self.take_pending(auth, index) {
                Some(pending) => self.answer(user, &factors, pending, req),
                None => Reply::corrupted(),
            },
            None if req.header("verificationcode").is_some() => Reply::corrupted(),
            None => {
                let pending = Pending {
                    user: index,
                    step: 0,
                    wrong: 0,
                    issued: Instant::now(),
                };
                match factors.first() {
                    None => self.succeed(index, user),
                    Some(first) if first.on_first_request => {
                        self.answer(user, &factors, pending, req)
                    }
                    Some(first) => self.ask(pending, first.step, first.expecting),
                }
            }
        }
    }

    /// Removes the interim token named by `Bearer <token>`; it must be recent and belong to `user`.
    fn take_pending(&mut self, authorization: &str, user: usize) -> Option<Pending> {
        let token = authorization.strip_prefix("Bearer ")?;
        let pending = self.pending.remove(token)?;
        (pending.user == user && pending.issued.elapsed() < INTERIM_LIFETIME).then_some(pending)
    }

    fn answer(
        &mut self,
        user: &UserScenario,
        factors: &[Factor],
        mut pending: Pending,
        req: &ReceivedRequest,
    ) -> Reply {
        let Some(factor) = factors.get(pending.step) else {
            return self.succeed(pending.user, user);
        };
        match factor.headers.iter().find_map(|h| req.header(h)) {
            None => self.ask(pending, factor.step, factor.expecting),
            Some(given) if given == factor.answer => {
                pending.step += 1;
                match factors.get(pending.step) {
                    Some(next) => self.ask(pending, next.step, next.expecting),
                    None => self.succeed(pending.user, user),
                }
            }
            Some(_) => {
                pending.wrong += 1;
                if pending.wrong >= user.max_attempts {
                    Reply::failed(StatusCode::UNAUTHORIZED, factor.step, LOCKED)
                } else {
                    self.ask(pending, factor.step, factor.invalid)
                }
            }
        }
    }

    /// 202 with a fresh interim token that continues `pending`.
    fn ask(&mut self, pending: Pending, step: &str, reason: &str) -> Reply {
        self.pending
            .retain(|_, p| p.issued.elapsed() < INTERIM_LIFETIME);
        let token = self.mint.next();
        self.pending.insert(
            token.clone(),
            Pending {
                issued: Instant::now(),
                ..pending
            },
        );
        Reply::json(
            StatusCode::ACCEPTED,
            json!({"Step": step, "Reason": reason, "State": "Expecting", "Token": token}),
        )
    }

    fn succeed(&mut self, index: usize, user: &UserScenario) -> Reply {
        let now = Instant::now();
        self.sessions.retain(|_, (_, until)| *until > now);
        let token = self.mint.next();
        let lifetime = user.token_lifetime.unwrap_or(SESSION_LIFETIME);
        self.sessions.insert(token.clone(), (index, now + lifetime));
        let mut body = user.success_extra.clone();
        body.insert("State".into(), "Succeeded".into());
        body.insert("Token".into(), token.into());
        Reply::json(StatusCode::OK, Value::Object(body))
    }

    /// `GET /api/v1.0/users/@me/info`.
    pub(crate) fn user_info(&self, scenarios: &Scenarios, req: &ReceivedRequest) -> Reply {
        if req.header("et-app-key") != Some(scenarios.app_key.as_str()) {
            return Reply::bad_app_key(StatusCode::FORBIDDEN);
        }
        let session = req
            .header("authorization")
            .and_then(|auth| auth.strip_prefix("Bearer "))
            .and_then(|token| self.sessions.get(token))
            .filter(|(_, until)| *until > Instant::now());
        let Some((index, user)) =
            session.and_then(|&(index, _)| Some((index, scenarios.users.get(index)?)))
        else {
            let denied = json!({"Message": "Authorization has been denied for this request."});
            return Reply::json(StatusCode::UNAUTHORIZED, denied);
        };
        let mut body = serde_json::Map::new();
        body.insert("UserId".into(), (1001 + index).into());
        body.insert("Login".into(), user.username.as_str().into());
        for (field, value) in [
            ("FirstName", &user.first_name),
            ("LastName", &user.last_name),
            ("Email", &user.email),
        ] {
            if let Some(value) = value {
                body.insert(field.into(), value.as_str().into());
            }
        }
        Reply::json(StatusCode::OK, Value::Object(body))
    }
}
