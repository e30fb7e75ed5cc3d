use clap::{Parser, Subcommand};

use netral_server::config::ServeArgs;
use netral_server::startup::Application;
use netral_server::{store, telemetry};

/// Netral: records of civil-servant election-neutrality violations, synced
/// from volunteers' phones and grouped into cases for coordinators.
#[derive(Parser)]
#[command(name = "netral", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API and the built app on one port (runs migrations first).
    Serve(ServeArgs),
    /// Create or upgrade the database schema, then exit.
    Migrate(ServeArgs),
    /// Accounts from the server's shell: the first admin, password resets,
    /// organisations, invite codes.
    Admin(netral_server::admin_cli::AdminArgs),
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    telemetry::init();
    match Cli::parse().command {
        Command::Serve(args) => {
            let app = Application::build(args.into()).await?;
            // Printed, not only logged: the start command's user looks for it.
            println!(
                "Netral berjalan di / is running at http://{}",
                app.local_addr()
            );
            app.run_until_stopped().await?;
        }
        Command::Migrate(args) => {
            let settings: netral_server::config::Settings = args.into();
            store::connect(&settings).await?;
            println!("database is up to date");
        }
        Command::Admin(args) => netral_server::admin_cli::run(args).await?,
    }
    Ok(())
}
