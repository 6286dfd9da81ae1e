//! Configuration: defaults in code, then `samspill.toml` in the working
//! directory (or the file given with `--config`), then `SAMSPILL__SECTION__KEY`
//! environment variables. Loaded once at start-up and checked there, so a bad
//! value stops the program with the key's name rather than failing later.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

use crate::client::IpNet;

/// All settings.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The HTTP server.
    pub server: ServerConfig,
    /// The database.
    pub database: DatabaseConfig,
    /// Browser sessions.
    pub session: SessionConfig,
    /// The sign-in limits.
    pub login: LoginConfig,
    /// Logging.
    pub log: LogConfig,
}

/// `[server]`
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    /// Address to bind; default `127.0.0.1`.
    pub bind: IpAddr,
    /// Port; default 8080.
    pub port: u16,
    /// Mark cookies `Secure` (set this when served over HTTPS).
    pub secure_cookies: bool,
    /// Reverse proxies (addresses or networks) whose `X-Forwarded-For`
    /// names the client; default none, so the TCP peer is the client.
    pub trusted_proxies: Vec<IpNet>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            bind: IpAddr::from([127, 0, 0, 1]),
            port: 8080,
            secure_cookies: false,
            trusted_proxies: Vec::new(),
        }
    }
}

/// `[database]`
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseConfig {
    /// `sqlite://FILE` or `postgres://…`; default `sqlite://data/samspill.db`.
    pub url: String,
    /// Pool size.
    pub max_connections: u32,
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        Self {
            url: "sqlite://data/samspill.db".to_owned(),
            max_connections: 8,
        }
    }
}

impl std::fmt::Debug for DatabaseConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DatabaseConfig")
            .field("url", &redact_url(&self.url))
            .field("max_connections", &self.max_connections)
            .finish()
    }
}

/// `[session]`
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct SessionConfig {
    /// How long a browser session lasts, in hours; default 336 (14 days).
    pub ttl_hours: u32,
}

impl Default for SessionConfig {
    fn default() -> Self {
        Self { ttl_hours: 24 * 14 }
    }
}

/// `[login]`: the sign-in limits over a sliding window (see "Login rate
/// limit" in docs/ARCHITECTURE.md).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct LoginConfig {
    /// Failures for one account from one client before that client is
    /// refused for that account; default 5.
    pub max_failures: u32,
    /// Failures from one client over all accounts before that client is
    /// refused for every account; default 20.
    pub max_failures_per_client: u32,
    /// Failures for one account from all clients before every client is
    /// refused for it; default 100.
    pub max_failures_per_account: u32,
    /// The window, in minutes; default 15.
    pub window_minutes: u32,
}

impl Default for LoginConfig {
    fn default() -> Self {
        Self {
            max_failures: 5,
            max_failures_per_client: 20,
            max_failures_per_account: 100,
            window_minutes: 15,
        }
    }
}

/// `[log]`
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct LogConfig {
    /// A tracing filter; default `info,sqlx=warn`.
    pub filter: String,
    /// `text` or `json`.
    pub format: String,
}

/// Filter directives added after `log.filter`, whatever it says: axum logs
/// every accepted connection with the client's address and port at `trace`,
/// which would put an address beside the time of a request that writes
/// anonymous feedback. No line of ours or of the request span holds one.
pub const FORCED_LOG_DIRECTIVES: &[&str] = &["axum::serve=off"];

impl Default for LogConfig {
    fn default() -> Self {
        Self {
            filter: "info,sqlx=warn".to_owned(),
            format: "text".to_owned(),
        }
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("server", &self.server)
            .field("database", &self.database)
            .field("session", &self.session)
            .field("login", &self.login)
            .field("log", &self.log)
            .finish()
    }
}

/// Replaces the password of a URL with `***`.
#[must_use]
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

/// Where configuration comes from.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// `--config FILE`; it must exist. Without it, `samspill.toml` is read if present.
    pub file: Option<PathBuf>,
}

impl Config {
    /// Loads and checks the configuration.
    ///
    /// # Errors
    /// A message naming the file or key that is wrong.
    pub fn load(sources: &Sources) -> anyhow::Result<Self> {
        let mut fig = Figment::from(Serialized::defaults(Self::default()));
        match &sources.file {
            Some(path) => {
                if !path.exists() {
                    anyhow::bail!("--config: {} does not exist", path.display());
                }
                fig = fig.merge(Toml::file_exact(path));
            }
            None => {
                let default = Path::new("samspill.toml");
                if default.exists() {
                    fig = fig.merge(Toml::file_exact(default));
                }
            }
        }
        fig = fig.merge(Env::prefixed("SAMSPILL__").split("__").lowercase(true));
        let config: Self = fig
            .extract()
            .map_err(|e| anyhow::anyhow!("configuration: {e}"))?;
        config.check()?;
        Ok(config)
    }

    fn check(&self) -> anyhow::Result<()> {
        let url = &self.database.url;
        if !(url.starts_with("sqlite:")
            || url.starts_with("postgres:")
            || url.starts_with("postgresql:"))
        {
            anyhow::bail!(
                "database.url: unknown scheme in {:?}; use sqlite://FILE or postgres://…",
                redact_url(url)
            );
        }
        if self.database.max_connections == 0 {
            anyhow::bail!("database.max_connections: must be at least 1");
        }
        if self.session.ttl_hours == 0 {
            anyhow::bail!("session.ttl_hours: must be at least 1");
        }
        let login = &self.login;
        for (key, value) in [
            ("max_failures", login.max_failures),
            ("max_failures_per_client", login.max_failures_per_client),
            ("max_failures_per_account", login.max_failures_per_account),
            ("window_minutes", login.window_minutes),
        ] {
            if value == 0 {
                anyhow::bail!("login.{key}: must be at least 1");
            }
        }
        if !matches!(self.log.format.as_str(), "text" | "json") {
            anyhow::bail!("log.format: must be text or json");
        }
        Ok(())
    }
}

#[cfg(test)]
#[expect(
    clippy::result_large_err,
    reason = "figment::Jail's closures return figment::Error"
)]
mod tests {
    use super::*;

    #[test]
    fn passwords_in_database_urls_are_redacted() {
        assert_eq!(
            redact_url("postgres://app:s3cret@db:5432/x"),
            "postgres://app:***@db:5432/x"
        );
        assert_eq!(
            redact_url("sqlite://data/samspill.db"),
            "sqlite://data/samspill.db"
        );
        let c = Config {
            database: DatabaseConfig {
                url: "postgres://app:s3cret@db/x".into(),
                max_connections: 1,
            },
            ..Config::default()
        };
        assert!(!format!("{c:?}").contains("s3cret"));
    }

    #[test]
    fn file_then_environment_override_the_defaults() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "samspill.toml",
                "[server]\nport = 9000\nbind = \"0.0.0.0\"\n",
            )?;
            jail.set_env("SAMSPILL__SERVER__PORT", "9090");
            jail.set_env("SAMSPILL__DATABASE__URL", "postgres://u@h/db");
            let c = Config::load(&Sources::default()).map_err(|e| e.to_string())?;
            assert_eq!(c.server.port, 9090);
            assert_eq!(c.server.bind.to_string(), "0.0.0.0");
            assert_eq!(c.database.url, "postgres://u@h/db");
            assert_eq!(c.database.max_connections, 8);
            Ok(())
        });
    }

    #[test]
    fn an_unknown_scheme_or_key_is_refused_by_name() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("SAMSPILL__DATABASE__URL", "mysql://x");
            let e = Config::load(&Sources::default()).unwrap_err().to_string();
            assert!(e.contains("database.url"), "{e}");
            jail.set_env("SAMSPILL__DATABASE__URL", "sqlite://x.db");
            jail.set_env("SAMSPILL__SERVER__PROT", "1");
            let e = Config::load(&Sources::default()).unwrap_err().to_string();
            assert!(e.contains("prot"), "{e}");
            Ok(())
        });
    }

    #[test]
    fn the_example_config_documents_the_defaults() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samspill.example.toml");
        figment::Jail::expect_with(|_| {
            let c = Config::load(&Sources {
                file: Some(path.clone()),
            })
            .map_err(|e| e.to_string())?;
            assert_eq!(c, Config::default());
            Ok(())
        });
    }

    #[test]
    fn trusted_proxies_come_from_the_file_or_the_environment_and_are_checked() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "samspill.toml",
                "[server]\ntrusted_proxies = [\"10.0.0.0/8\", \"192.0.2.5\"]\n",
            )?;
            let c = Config::load(&Sources::default()).map_err(|e| e.to_string())?;
            let listed: Vec<String> = c
                .server
                .trusted_proxies
                .iter()
                .map(ToString::to_string)
                .collect();
            assert_eq!(listed, ["10.0.0.0/8", "192.0.2.5"]);
            jail.set_env("SAMSPILL__SERVER__TRUSTED_PROXIES", "[\"2001:db8::/32\"]");
            let c = Config::load(&Sources::default()).map_err(|e| e.to_string())?;
            assert_eq!(
                c.server.trusted_proxies,
                vec!["2001:db8::/32".parse().unwrap()]
            );
            jail.set_env("SAMSPILL__SERVER__TRUSTED_PROXIES", "[\"10.0.0.1/8\"]");
            let e = Config::load(&Sources::default()).unwrap_err().to_string();
            assert!(
                e.to_lowercase().contains("trusted_proxies") && e.contains("10.0.0.1/8"),
                "{e}"
            );
            Ok(())
        });
    }

    #[test]
    fn login_limits_must_be_at_least_one() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("SAMSPILL__LOGIN__MAX_FAILURES_PER_CLIENT", "0");
            let e = Config::load(&Sources::default()).unwrap_err().to_string();
            assert!(e.contains("login.max_failures_per_client"), "{e}");
            Ok(())
        });
    }

    #[test]
    fn a_missing_config_file_is_an_error() {
        let e = Config::load(&Sources {
            file: Some("/nonexistent/samspill.toml".into()),
        })
        .unwrap_err();
        assert!(e.to_string().contains("--config"));
    }
}
