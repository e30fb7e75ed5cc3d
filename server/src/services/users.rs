//! Accounts: the password rule, hashing off the async threads, and the
//! checks a new coordinator or admin passes (the API and `netral admin`
//! both call these).

use std::sync::atomic::{AtomicUsize, Ordering};

use netral_shared::accounts::{
    MAX_ORGANISATION_CHARS, MAX_USERNAME_CHARS, NewUser, Role, organisation_name_problem,
    password_problem, username_problem,
};
use netral_shared::{Problem, ProblemCode};

use crate::services::ServiceError;
use crate::services::credentials::{self, valid_region};
use crate::store::Store;
use crate::store::accounts::NewUserRow;

/// How many argon2 computations run at once in this process: each takes
/// 19 MiB and a core for tens of milliseconds, so a burst of sign-ins or
/// password changes waits its turn instead of exhausting memory (and the
/// blocking thread pool). One per core, at most four.
pub fn hashing_permits() -> usize {
    std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, 4)
}

static HASHING: std::sync::LazyLock<tokio::sync::Semaphore> =
    std::sync::LazyLock::new(|| tokio::sync::Semaphore::new(hashing_permits()));
static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// The most argon2 computations this process has run at the same time.
pub fn hashing_peak() -> usize {
    PEAK.load(Ordering::Relaxed)
}

/// Runs `work` (an argon2 computation) on the blocking pool once a permit
/// is free.
async fn limited<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let _permit = HASHING
        .acquire()
        .await
        .expect("the semaphore is never closed");
    tokio::task::spawn_blocking(move || {
        let now = IN_FLIGHT.fetch_add(1, Ordering::SeqCst) + 1;
        PEAK.fetch_max(now, Ordering::SeqCst);
        let out = work();
        IN_FLIGHT.fetch_sub(1, Ordering::SeqCst);
        out
    })
    .await
    .ok()
}

pub async fn verify(password: String, phc: String) -> bool {
    limited(move || credentials::verify_password(&password, &phc))
        .await
        .unwrap_or(false)
}

pub async fn hash(password: String) -> String {
    limited(move || credentials::hash_password(&password))
        .await
        .expect("hashing does not panic")
}

/// Password rules shared by account creation and change.
pub fn check_password(field: &str, password: &str) -> Result<(), ServiceError> {
    match password_problem(field, password) {
        Some(problem) => Err(ServiceError::Invalid(vec![problem])),
        None => Ok(()),
    }
}

/// What is wrong with a sign-in name as sent, if anything: the shared rule on
/// the trimmed name (what is stored), and the length of the name as sent, as
/// the contract's `maxLength` counts it.
pub fn sent_username_problem(field: &str, sent: &str) -> Option<Problem> {
    username_problem(field, sent.trim()).or_else(|| {
        (sent.chars().count() > MAX_USERNAME_CHARS)
            .then(|| Problem::new(field, ProblemCode::TooLong))
    })
}

/// As [`sent_username_problem`], for an organisation's name.
pub fn sent_organisation_name_problem(field: &str, sent: &str) -> Option<Problem> {
    organisation_name_problem(field, sent.trim()).or_else(|| {
        (sent.chars().count() > MAX_ORGANISATION_CHARS)
            .then(|| Problem::new(field, ProblemCode::TooLong))
    })
}

pub async fn validate_user(store: &dyn Store, req: NewUser) -> Result<NewUserRow, ServiceError> {
    let username = req.username.trim().to_owned();
    let mut problems = Vec::new();
    problems.extend(sent_username_problem("username", &req.username));
    if let Err(ServiceError::Invalid(p)) = check_password("password", &req.password) {
        problems.extend(p);
    }
    let (organisation_id, scopes) = match req.role {
        // Admins see everything; an organisation would mean nothing.
        Role::Admin => (None, Vec::new()),
        Role::Koordinator => {
            match req.organisation_id {
                None => problems.push(Problem::new("organisation_id", ProblemCode::Required)),
                Some(id) if !store.organisations().await?.iter().any(|o| o.id == id) => {
                    problems.push(Problem::new("organisation_id", ProblemCode::Required));
                }
                Some(_) => {}
            }
            if req.scopes.is_empty() {
                problems.push(Problem::new("scopes", ProblemCode::Required));
            }
            for (i, s) in req.scopes.iter().enumerate() {
                if !valid_region(s) {
                    problems.push(Problem::new(
                        format!("scopes.{i}"),
                        ProblemCode::UnknownRegion,
                    ));
                }
            }
            (req.organisation_id, req.scopes)
        }
    };
    if !problems.is_empty() {
        return Err(ServiceError::Invalid(problems));
    }
    Ok(NewUserRow {
        username,
        password_hash: hash(req.password).await,
        role: req.role,
        organisation_id,
        scopes,
    })
}
