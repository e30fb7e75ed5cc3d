//! Accounts: the password rule, hashing off the async threads, and the
//! checks a new coordinator or admin passes (the API and `netral admin`
//! both call these).

use netral_shared::accounts::{
    MAX_ORGANISATION_CHARS, MAX_USERNAME_CHARS, NewUser, Role, organisation_name_problem,
    password_problem, username_problem,
};
use netral_shared::{Problem, ProblemCode};

use crate::services::ServiceError;
use crate::services::credentials::{self, valid_region};
use crate::store::Store;
use crate::store::accounts::NewUserRow;

pub async fn verify(password: String, phc: String) -> bool {
    tokio::task::spawn_blocking(move || credentials::verify_password(&password, &phc))
        .await
        .unwrap_or(false)
}

pub async fn hash(password: String) -> String {
    tokio::task::spawn_blocking(move || credentials::hash_password(&password))
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
