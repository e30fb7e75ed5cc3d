//! `netral admin …`: what must work before anyone can sign in (the first
//! admin), and what an operator does from the server's shell (reset a
//! forgotten password, make an organisation or an invite code for a script).

use netral_shared::accounts::AuditAction;
use std::io::BufRead;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use netral_shared::accounts::{
    MAX_INVITE_HOURS, MAX_INVITE_USES, NewUser, Role, invite_limit_problems,
};

use crate::config::Settings;
use crate::services::ServiceError;
use crate::services::credentials::{format_invite_code, valid_region};
use crate::store;
use crate::store::audit::{Actor, Audit};

#[derive(Args, Debug)]
pub struct AdminArgs {
    /// Where the SQLite database lives (as for `netral serve`).
    #[arg(long, env = "NETRAL_DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…` (as for `netral serve`).
    #[arg(long, env = "NETRAL_DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// The server secret's file (as for `netral serve`); `NETRAL_SECRET_KEY`
    /// instead, when set.
    #[arg(long, env = "NETRAL_KEY_FILE", global = true)]
    pub key_file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: AdminCommand,
}

#[derive(Subcommand, Debug)]
pub enum AdminCommand {
    /// Create an admin account. The password is asked for (not shown), or
    /// read from the first line of stdin with `--password-stdin`.
    Create {
        /// The new admin's sign-in name (up to 64 characters, no spaces).
        #[arg(long)]
        username: String,
        /// Read the password (at least 12 characters) from the first line of
        /// stdin instead of asking twice at the terminal; for scripts.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a new password for an account, unlock it and end its sessions.
    ResetPassword {
        /// The account's sign-in name.
        #[arg(long)]
        username: String,
        /// Read the new password from the first line of stdin instead of
        /// asking twice at the terminal.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Create an organisation (a CSO of the coalition).
    CreateOrganisation {
        /// Its name, as coordinators and invites refer to it; unique.
        #[arg(long)]
        name: String,
    },
    /// Create an invite code for volunteers' devices and print it.
    Invite {
        /// The organisation's name.
        #[arg(long)]
        organisation: String,
        /// A region code (`35`, `35.78`); repeat for several.
        #[arg(long = "region", required = true)]
        regions: Vec<String>,
        /// How many phones may join with the code (1–500).
        #[arg(long, default_value_t = 1)]
        max_uses: u32,
        /// How long the code works, in hours (1–720).
        #[arg(long, default_value_t = 72)]
        hours: u32,
    },
}

pub async fn run(args: AdminArgs) -> anyhow::Result<()> {
    let mut settings = Settings::ephemeral(args.data_dir);
    settings.database_url = args.database_url;
    settings.key_file = args.key_file;
    settings.secret_key = std::env::var("NETRAL_SECRET_KEY")
        .ok()
        .filter(|k| !k.trim().is_empty());
    let keys = std::sync::Arc::new(crate::keys::Keys::load(&settings)?);
    let store = store::connect_with(&settings, keys.clone()).await?;
    match args.command {
        AdminCommand::Create {
            username,
            password_stdin,
        } => {
            let password = read_password(password_stdin)?;
            let row = crate::services::users::validate_user(
                store.as_ref(),
                NewUser {
                    username: username.clone(),
                    password,
                    role: Role::Admin,
                    organisation_id: None,
                    scopes: Vec::new(),
                },
            )
            .await
            .map_err(explain)?;
            let audit = Audit::by(Actor::cli(), AuditAction::UserCreate, "")
                .details(serde_json::json!({ "role": "admin" }));
            if store.create_user(&row, &audit).await?.is_none() {
                bail!("the username {username:?} is already taken");
            }
            println!("admin {username} created");
        }
        AdminCommand::ResetPassword {
            username,
            password_stdin,
        } => {
            let user = store
                .user_by_name(&username)
                .await?
                .with_context(|| format!("no account {username:?}"))?;
            let password = read_password(password_stdin)?;
            crate::services::users::check_password("password", &password).map_err(explain)?;
            let phc = tokio::task::spawn_blocking(move || {
                crate::services::credentials::hash_password(&password)
            })
            .await?;
            let audit = Audit::by(
                Actor::cli(),
                AuditAction::PasswordReset,
                format!("user:{}", user.id),
            );
            store.set_password(user.id, &phc, None, &audit).await?;
            println!("password of {username} set; its sessions are ended");
        }
        AdminCommand::CreateOrganisation { name } => {
            let audit = Audit::by(Actor::cli(), AuditAction::OrganisationCreate, "")
                .details(serde_json::json!({ "name": name }));
            match store.create_organisation(name.trim(), &audit).await? {
                Some(o) => println!("organisation {} created (id {})", o.name, o.id),
                None => bail!("an organisation named {name:?} exists already"),
            }
        }
        AdminCommand::Invite {
            organisation,
            regions,
            max_uses,
            hours,
        } => {
            let org = store
                .organisation_by_name(&organisation)
                .await?
                .with_context(|| format!("no organisation {organisation:?}"))?;
            if let Some(bad) = regions.iter().find(|r| !valid_region(r)) {
                bail!("{bad:?} is not a province (35) or kabupaten/kota (35.78) code");
            }
            if !invite_limit_problems(hours, max_uses).is_empty() {
                bail!("--max-uses must be 1–{MAX_INVITE_USES} and --hours 1–{MAX_INVITE_HOURS}");
            }
            let (code, invite) = crate::services::invites::create_invite(
                store.as_ref(),
                &keys,
                org.id,
                regions,
                hours,
                max_uses,
                Audit::by(Actor::cli(), AuditAction::InviteCreate, ""),
            )
            .await
            .map_err(explain)?;
            // The code alone on stdout, for scripts; the rest on stderr.
            println!("{}", format_invite_code(&code));
            eprintln!(
                "invite {} for {}: {} use(s), valid {hours} h",
                invite.id, org.name, max_uses
            );
        }
    }
    Ok(())
}

fn read_password(from_stdin: bool) -> anyhow::Result<String> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        return Ok(line.trim_end_matches(['\n', '\r']).to_owned());
    }
    let first = rpassword::prompt_password("Password (at least 12 characters): ")?;
    let again = rpassword::prompt_password("Again: ")?;
    if first != again {
        bail!("the passwords differ");
    }
    Ok(first)
}

fn explain(e: ServiceError) -> anyhow::Error {
    match e {
        ServiceError::Invalid(problems) => anyhow::anyhow!(
            "{}",
            problems
                .iter()
                .map(|p| format!("{}: {}", p.field, p.message.en))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        e => anyhow::anyhow!(e),
    }
}
