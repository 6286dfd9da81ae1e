//! The sign-in limits: how many failed sign-ins an e-mail address and a
//! client may collect within `login_window` before sign-in answers
//! `RateLimited` (see the module doc of [`crate::auth`] for the rules).
//!
//! Invariants:
//! - Every attempt that passes the limits is recorded as a failure *before*
//!   its password is checked, in the transaction that counted, and a
//!   success deletes it again. So attempts racing each other count each
//!   other, and no more than a limit's worth of passwords is ever checked
//!   (the count and the record are serialized per client and per address).
//! - Known and unknown addresses are counted alike; nothing here reads the
//!   people table.
//! - Attempts refused by a limit are not recorded: a refusal costs no
//!   password check and says nothing about the password.

use std::fmt;
use std::net::{IpAddr, Ipv6Addr};

use samspill_store::auth::login_failures::{self, Scope};
use time::OffsetDateTime;

use crate::{Ctx, Error, Result};

/// The client a sign-in attempt comes from, as the limits count it: an IPv4
/// address, the /64 prefix of an IPv6 address (one subscriber or host
/// usually holds a whole /64 and can pick any address in it), or `unknown`
/// when the front door had no peer address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClientKey(String);

impl ClientKey {
    /// The key of a client address. An IPv4 address mapped into IPv6
    /// (`::ffff:a.b.c.d`) counts as the IPv4 address.
    #[must_use]
    pub fn from_ip(ip: IpAddr) -> Self {
        match ip.to_canonical() {
            IpAddr::V4(v4) => Self(v4.to_string()),
            IpAddr::V6(v6) => {
                let s = v6.segments();
                let prefix = Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                Self(format!("{prefix}/64"))
            }
        }
    }

    /// The one key shared by every attempt whose address is not known.
    #[must_use]
    pub fn unknown() -> Self {
        Self("unknown".to_owned())
    }

    /// The key as stored.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClientKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Lets an attempt from `client` for `email_norm` go on to the password
/// check and records it as a failure, or refuses it with `RateLimited` when
/// a limit is reached. The `Retry-After` is when every reached limit has
/// lifted.
pub(crate) async fn admit(ctx: &Ctx, email_norm: &str, client: &ClientKey) -> Result<()> {
    let now = ctx.now();
    let window = ctx.settings.login_window;
    let limits = [
        (
            Scope::EmailFromClient {
                email_norm,
                client: client.as_str(),
            },
            ctx.settings.login_max_failures,
            "max_failures",
        ),
        (
            Scope::Client(client.as_str()),
            ctx.settings.login_max_failures_per_client,
            "max_failures_per_client",
        ),
        (
            Scope::Email(email_norm),
            ctx.settings.login_max_failures_per_account,
            "max_failures_per_account",
        ),
    ];
    let mut tx = ctx.db.begin().await?;
    login_failures::lock_attempt(&mut tx, email_norm, client.as_str()).await?;
    let mut lifts: Option<OffsetDateTime> = None;
    let mut reached = Vec::new();
    for (scope, max, name) in limits {
        if let Some(nth) =
            login_failures::nth_latest_failure(&mut tx, scope, now - window, max).await?
        {
            reached.push(name);
            lifts = lifts.max(Some(nth + window));
        }
    }
    if let Some(until) = lifts {
        // Nothing was written; committing ends the locks at once.
        tx.commit().await?;
        tracing::info!(%client, limits = ?reached, "sign-in throttled");
        let secs = (until - now).whole_seconds().max(1);
        return Err(Error::RateLimited {
            retry_after_secs: u64::try_from(secs).unwrap_or(1),
        });
    }
    login_failures::record_failure(&mut tx, email_norm, client.as_str(), now).await?;
    tx.commit().await?;
    Ok(())
}

/// After a successful sign-in: forgets the failures of `email_norm` from
/// `client` (the admitted attempt among them), not those from other
/// clients, and every failure that has left the window.
pub(crate) async fn forget(
    ctx: &Ctx,
    tx: &mut samspill_store::Tx,
    email_norm: &str,
    client: &ClientKey,
) -> Result<()> {
    let window_start = ctx.now() - ctx.settings.login_window;
    login_failures::clear_failures(tx, email_norm, client.as_str(), window_start).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> String {
        ClientKey::from_ip(s.parse().unwrap()).to_string()
    }

    #[test]
    fn ipv4_addresses_are_their_own_key() {
        assert_eq!(key("198.51.100.7"), "198.51.100.7");
        assert_ne!(key("198.51.100.7"), key("198.51.100.8"));
    }

    #[test]
    fn ipv6_addresses_count_by_their_64_prefix() {
        assert_eq!(key("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
        assert_eq!(key("2001:db8:1:2::ffff"), key("2001:db8:1:2:aaaa::1"));
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
    }

    #[test]
    fn mapped_ipv4_addresses_count_as_ipv4() {
        assert_eq!(key("::ffff:198.51.100.7"), "198.51.100.7");
    }
}
