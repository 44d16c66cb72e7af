//! `chorus`: reads the configuration, opens the database, and serves (or runs a command).

use std::{process::ExitCode, time::Duration};

use anyhow::Context;

use app::server::{
    clock::now_ms,
    db::Db,
    delivery::{Deliverer, MailSettings, Mailer, WebhookClient},
    demo, Settings,
};
use clap::Parser;
use server::{
    bootstrap::{self, AdminCreated},
    config::{Cli, Command},
};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("chorus: {error:#}");
            ExitCode::from(2)
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = cli.config;
    tracing_subscriber::fmt()
        .with_env_filter(config.log_filter()?)
        .init();
    let base_url = config.base_url()?;
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;

    match cli.command.unwrap_or(Command::Serve) {
        Command::CreateAdmin { email, name } => {
            let created = bootstrap::create_admin(
                &db,
                &base_url,
                &email,
                &name,
                config.admin_password.as_deref(),
            )
            .await?;
            match created {
                AdminCreated::WithPassword => println!("Admin {email} can now sign in."),
                AdminCreated::WithLink(link) => {
                    println!("Admin {email} created. Open this link within 7 days to choose a password:\n  {link}")
                }
            }
            Ok(())
        }
        Command::Serve => serve(config, db, base_url).await,
    }
}

async fn serve(config: server::config::Config, db: Db, base_url: String) -> anyhow::Result<()> {
    if bootstrap::ensure_admin(
        &db,
        &base_url,
        config.admin_email.as_deref(),
        config.admin_password.as_deref(),
    )
    .await?
    {
        tracing::info!("created the admin from CHORUS_ADMIN_EMAIL");
    }
    if config.demo
        && demo::seed_if_empty(&db)
            .await
            .map_err(|e| anyhow::anyhow!("demo data: {e}"))?
    {
        tracing::info!("created the demo organisation");
    }

    tokio::spawn(remove_expired_sessions(db.clone()));
    let mailer = config
        .smtp_url
        .as_ref()
        .map(|smtp_url| {
            Mailer::new(&MailSettings {
                smtp_url: smtp_url.clone(),
                from: config.mail_from.clone(),
            })
        })
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let email_configured = mailer.is_some();
    Deliverer {
        base_url: base_url.clone(),
        mailer,
        webhooks: WebhookClient::new(Duration::from_secs(config.webhook_retry_seconds))?,
    }
    .start(
        db.clone(),
        Duration::from_secs(config.delivery_seconds.max(1)),
    );

    let site_root = config.site_root.to_string_lossy().into_owned();
    if !config.site_root.join("pkg").is_dir() {
        tracing::warn!(
            "{site_root}/pkg is missing: pages will load without styles or interactivity. \
             Build with `cargo leptos build --release` or set LEPTOS_SITE_ROOT."
        );
    }
    let settings = Settings {
        sso: config.sso()?,
        password_sign_in: config.password_sign_in,
        email_configured,
        secure_cookies: config.secure_cookies(&base_url),
        base_url: base_url.clone(),
        behind_proxy: config.behind_proxy,
    };
    let state = server::app_state(
        server::leptos_options(&site_root, config.listen),
        db,
        settings,
    )
    .await?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| {
            format!(
                "CHORUS_LISTEN (--listen): cannot listen on {}",
                config.listen
            )
        })?;

    println!("Chorus is running at {base_url}");
    if config.demo {
        println!("Demo sign-ins (password {}):", demo::DEMO_PASSWORD);
        for (email, role) in demo::DEMO_LOGINS {
            println!("  {:<10} {email}", role.name(app::i18n::Locale::en));
        }
    }
    let (activity, db) = (state.activity.clone(), state.db.clone());
    axum::serve(listener, server::service(server::router(state)))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("server stopped")?;
    // What people did in the last seconds before the stop still counts.
    activity.flush_or_log(&db).await;
    Ok(())
}

/// Expired sessions are never accepted; this only keeps the table from growing forever.
async fn remove_expired_sessions(db: Db) {
    let mut hourly = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        hourly.tick().await;
        match app::server::db::sessions::delete_expired(db.writer(), now_ms()).await {
            Ok(0) => {}
            Ok(removed) => tracing::info!(removed, "removed expired sessions"),
            Err(error) => tracing::warn!(%error, "could not remove expired sessions"),
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}
