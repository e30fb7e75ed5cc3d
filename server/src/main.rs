use clap::Parser;

use netral_server::config::Settings;
use netral_server::ops::cli::{Cli, Command};
use netral_server::ops::{backup, import, telemetry};
use netral_server::startup::Application;
use netral_server::store;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    telemetry::init_with(cli.log_format, cli.log_filter.as_deref());
    match cli.command {
        Command::Serve(args) => {
            let app = Application::build((*args).into()).await?;
            // Printed, not only logged: the start command's user looks for it.
            println!(
                "Netral berjalan di / is running at http://{}",
                app.local_addr()
            );
            app.run_until_stopped().await?;
        }
        Command::Migrate(args) => {
            store::connect(&Settings::from(args)).await?;
            println!("database is up to date");
        }
        Command::Backup(args) => {
            let manifest = backup::run(&args.store.into(), &args.dest_dir).await?;
            println!("{}", manifest.summary(&args.dest_dir));
        }
        Command::Import(args) => {
            let summary = import::run(&args.store.into(), &args.file).await?;
            print!("{summary}");
        }
        Command::Admin(args) => netral_server::ops::admin::run(args).await?,
    }
    Ok(())
}
