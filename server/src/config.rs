//! Every setting of the `chorus` binary: a command-line flag, each also an environment variable.
//! `chorus --help` is the reference.

use std::{net::SocketAddr, path::PathBuf};

use app::server::sso::SsoSettings;
use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "chorus",
    version,
    about = "Chorus: crowdsourcing challenges inside organisations.",
    long_about = "Chorus: crowdsourcing challenges inside organisations.\n\n\
        Without a command, serves the web app. Every setting can also be given as the \
        environment variable shown in brackets."
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app (the default).
    Serve,
    /// Create an admin (or make an existing person one) and print a one-time link to set the
    /// password. With CHORUS_ADMIN_PASSWORD set, sets that password instead.
    CreateAdmin {
        /// The admin's email address; it is their login.
        #[arg(long)]
        email: String,
        /// The admin's name as others see it.
        #[arg(long, default_value = "Administrator")]
        name: String,
    },
}

#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Database: sqlite://PATH (file created when missing, SQLite in WAL mode) or
    /// postgres://USER:PASSWORD@HOST:PORT/DATABASE.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/chorus.db",
        global = true,
        hide_env_values = true
    )]
    pub database_url: String,

    /// Address and port to listen on.
    #[arg(long, env = "CHORUS_LISTEN", default_value = "127.0.0.1:3000")]
    pub listen: SocketAddr,

    /// Public base URL people use to reach Chorus (e.g. https://chorus.example.org), for links
    /// in messages and to recognise same-site requests. Default: http://LISTEN.
    #[arg(long, env = "CHORUS_BASE_URL", global = true)]
    pub base_url: Option<String>,

    /// Mark the session cookie Secure (sent over https only): auto = when the base URL is https.
    #[arg(long, env = "CHORUS_SECURE_COOKIES", value_enum, default_value_t = SecureCookies::Auto)]
    pub secure_cookies: SecureCookies,

    /// Chorus runs behind a reverse proxy that appends the client's address to X-Forwarded-For:
    /// take the client's address from there (for sign-in limits) instead of the connection.
    #[arg(long, env = "CHORUS_BEHIND_PROXY")]
    pub behind_proxy: bool,

    /// Log filter: error, warn, info, debug, trace, or per module (e.g. info,sqlx=warn).
    #[arg(long, env = "CHORUS_LOG", default_value = "info", global = true)]
    pub log_level: String,

    /// Create a demo organisation (people, roles, sample data) when the database is empty.
    #[arg(long, env = "CHORUS_DEMO")]
    pub demo: bool,

    /// Folder with the built web assets (pkg/, favicon). Relative to the working directory.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,

    /// First start without demo: create this admin when the database has no admin.
    /// Needs CHORUS_ADMIN_PASSWORD.
    #[arg(long, env = "CHORUS_ADMIN_EMAIL")]
    pub admin_email: Option<String>,

    /// Password for CHORUS_ADMIN_EMAIL (bootstrap) or for `create-admin`.
    #[arg(long, env = "CHORUS_ADMIN_PASSWORD", hide_env_values = true)]
    pub admin_password: Option<String>,

    /// Mail server for notification email, e.g. smtp://user:pass@mail.example.org:587?tls=required
    /// or smtps://user:pass@mail.example.org:465. Unset: Chorus sends no email.
    #[arg(long, env = "CHORUS_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// The sender of notification email.
    #[arg(
        long,
        env = "CHORUS_MAIL_FROM",
        default_value = "Chorus <chorus@localhost>"
    )]
    pub mail_from: String,

    /// Seconds between two rounds of email and team-chat delivery.
    #[arg(long, env = "CHORUS_DELIVERY_SECONDS", default_value_t = 10)]
    pub delivery_seconds: u64,

    /// Seconds before a failed team-chat webhook is tried again; the wait doubles each time.
    #[arg(long, env = "CHORUS_WEBHOOK_RETRY_SECONDS", default_value_t = 30)]
    pub webhook_retry_seconds: u64,

    /// Single sign-on: the OpenID provider's issuer URL, e.g.
    /// https://login.microsoftonline.com/TENANT/v2.0. Needs the client id and secret.
    #[arg(long, env = "CHORUS_OIDC_ISSUER")]
    pub oidc_issuer: Option<String>,

    /// The client id Chorus is registered with at the provider.
    #[arg(long, env = "CHORUS_OIDC_CLIENT_ID")]
    pub oidc_client_id: Option<String>,

    /// The client secret Chorus is registered with at the provider.
    #[arg(long, env = "CHORUS_OIDC_CLIENT_SECRET", hide_env_values = true)]
    pub oidc_client_secret: Option<String>,

    /// On the sign-in button: "Sign in with LABEL".
    #[arg(
        long,
        env = "CHORUS_OIDC_LABEL",
        default_value = "your company account"
    )]
    pub oidc_label: String,

    /// Scopes asked for, separated by spaces.
    #[arg(
        long,
        env = "CHORUS_OIDC_SCOPES",
        default_value = "openid email profile"
    )]
    pub oidc_scopes: String,

    /// The claim holding a person's department.
    #[arg(
        long,
        env = "CHORUS_OIDC_DEPARTMENT_CLAIM",
        default_value = "department"
    )]
    pub oidc_department_claim: String,

    /// The claim holding a person's region.
    #[arg(long, env = "CHORUS_OIDC_REGION_CLAIM", default_value = "region")]
    pub oidc_region_claim: String,

    /// The claim holding the email address of a person's manager.
    #[arg(
        long,
        env = "CHORUS_OIDC_MANAGER_CLAIM",
        default_value = "manager_email"
    )]
    pub oidc_manager_claim: String,

    /// Allow signing in with a password; false leaves single sign-on only.
    #[arg(long, env = "CHORUS_PASSWORD_SIGN_IN", default_value_t = true, action = clap::ArgAction::Set)]
    pub password_sign_in: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SecureCookies {
    Auto,
    Always,
    Never,
}

/// A setting that cannot work, named the way the operator set it.
#[derive(Debug, thiserror::Error)]
#[error("{setting}: {problem}")]
pub struct ConfigError {
    pub setting: &'static str,
    pub problem: String,
}

impl Config {
    /// The base URL without a trailing slash, checked.
    pub fn base_url(&self) -> Result<String, ConfigError> {
        let base = match &self.base_url {
            Some(url) => url.trim().trim_end_matches('/').to_owned(),
            None => format!("http://{}", self.listen),
        };
        let rest = base
            .strip_prefix("https://")
            .or_else(|| base.strip_prefix("http://"));
        match rest {
            Some(host) if !host.is_empty() && !host.starts_with('/') => Ok(base),
            _ => Err(ConfigError {
                setting: "CHORUS_BASE_URL (--base-url)",
                problem: format!(
                    "must be an http:// or https:// address such as https://chorus.example.org, \
                     got {base:?}"
                ),
            }),
        }
    }

    /// Single sign-on, when an issuer is set; checked for the settings it needs.
    pub fn sso(&self) -> Result<Option<SsoSettings>, ConfigError> {
        let Some(issuer) = &self.oidc_issuer else {
            if !self.password_sign_in {
                return Err(ConfigError {
                    setting: "CHORUS_PASSWORD_SIGN_IN (--password-sign-in)",
                    problem:
                        "switching passwords off needs single sign-on: set CHORUS_OIDC_ISSUER, \
                              CHORUS_OIDC_CLIENT_ID and CHORUS_OIDC_CLIENT_SECRET"
                            .into(),
                });
            }
            return Ok(None);
        };
        let required = |value: &Option<String>, setting: &'static str| {
            value
                .clone()
                .filter(|v| !v.trim().is_empty())
                .ok_or(ConfigError {
                    setting,
                    problem: "needed for single sign-on (CHORUS_OIDC_ISSUER is set)".into(),
                })
        };
        Ok(Some(SsoSettings {
            issuer: issuer.trim().to_owned(),
            client_id: required(
                &self.oidc_client_id,
                "CHORUS_OIDC_CLIENT_ID (--oidc-client-id)",
            )?,
            client_secret: required(
                &self.oidc_client_secret,
                "CHORUS_OIDC_CLIENT_SECRET (--oidc-client-secret)",
            )?,
            label: self.oidc_label.clone(),
            scopes: self
                .oidc_scopes
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
            department_claim: self.oidc_department_claim.clone(),
            region_claim: self.oidc_region_claim.clone(),
            manager_claim: self.oidc_manager_claim.clone(),
        }))
    }

    pub fn secure_cookies(&self, base_url: &str) -> bool {
        match self.secure_cookies {
            SecureCookies::Always => true,
            SecureCookies::Never => false,
            SecureCookies::Auto => base_url.starts_with("https://"),
        }
    }

    pub fn log_filter(&self) -> Result<tracing_subscriber::EnvFilter, ConfigError> {
        tracing_subscriber::EnvFilter::try_new(&self.log_level).map_err(|error| ConfigError {
            setting: "CHORUS_LOG (--log-level)",
            problem: format!("{error}; use e.g. info or debug,sqlx=warn"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(args: &[&str]) -> Config {
        let mut argv = vec!["chorus"];
        argv.extend_from_slice(args);
        Cli::try_parse_from(argv).unwrap().config
    }

    #[test]
    fn defaults_serve_sqlite_on_localhost() {
        let config = config(&[]);
        assert_eq!(config.database_url, "sqlite://data/chorus.db");
        assert_eq!(config.base_url().unwrap(), "http://127.0.0.1:3000");
        assert!(!config.secure_cookies("http://127.0.0.1:3000"));
    }

    #[test]
    fn https_base_urls_make_cookies_secure() {
        let config = config(&["--base-url", "https://chorus.example.org/"]);
        let base = config.base_url().unwrap();
        assert_eq!(base, "https://chorus.example.org");
        assert!(config.secure_cookies(&base));
    }

    #[test]
    fn bad_settings_name_themselves() {
        let error = config(&["--base-url", "chorus.example.org"])
            .base_url()
            .unwrap_err();
        assert!(error.to_string().starts_with("CHORUS_BASE_URL"), "{error}");
        let error = config(&["--log-level", "loud=="]).log_filter().unwrap_err();
        assert!(error.to_string().starts_with("CHORUS_LOG"), "{error}");
        let error = Cli::try_parse_from(["chorus", "--listen", "localhost"]).unwrap_err();
        assert!(error.to_string().contains("--listen"), "{error}");
    }
}
