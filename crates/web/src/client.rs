//! Who is on the other end of a request, for the sign-in limits: the
//! [`ClientAddr`] extractor.
//!
//! The client is the TCP peer. Only when the peer is one of
//! `server.trusted_proxies` is `X-Forwarded-For` read, and then only from
//! the right: each trusted proxy appends the address it received the
//! request from, so the right-most address that is not a trusted proxy is
//! the client. Whatever lies further left was written by the client and is
//! ignored. Without a peer address (the router driven without
//! `into_make_service_with_connect_info`), every request shares one
//! `unknown` client.

use std::convert::Infallible;
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use samspill_services::auth::ClientKey;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::AppState;

/// The client of a request, as the sign-in limits count it.
#[derive(Debug, Clone)]
pub struct ClientAddr(pub ClientKey);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        let trusted = &state.config.server.trusted_proxies;
        Ok(Self(client_key(peer, &parts.headers, trusted)))
    }
}

/// The client key of a request from `peer`, if known, with `headers`.
fn client_key(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[IpNet]) -> ClientKey {
    peer.map_or_else(ClientKey::unknown, |peer| {
        ClientKey::from_ip(client_ip(peer, headers, trusted))
    })
}

/// The client address of a request from `peer` with `headers`.
#[must_use]
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|net| net.contains(ip));
    let mut client = peer;
    if !is_trusted(peer) {
        return client;
    }
    // Several headers count as one list, in order (RFC 9110, 5.3).
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|v| v.to_str().unwrap_or("\u{0}").split(','))
        .collect();
    for hop in hops.iter().rev() {
        let Some(ip) = parse_hop(hop.trim()) else {
            // Not an address (a misconfigured proxy, or garbage): nothing
            // left of it can be told apart from what a client wrote.
            return client;
        };
        client = ip;
        if !is_trusted(ip) {
            break;
        }
    }
    client
}

/// An `X-Forwarded-For` entry: an address, or one with a port, as some
/// proxies write it (`192.0.2.1:5000`, `[2001:db8::1]:5000`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip()))
}

/// An IP network (`10.0.0.0/8`, `2001:db8::/32`) or a single address,
/// written as a string in the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    /// Whether `ip` lies in the network. An IPv4 address mapped into IPv6
    /// counts as the IPv4 address.
    #[must_use]
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                mask(u128::from(net.to_bits()), 32, self.prefix)
                    == mask(u128::from(ip.to_bits()), 32, self.prefix)
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                mask(net.to_bits(), 128, self.prefix) == mask(ip.to_bits(), 128, self.prefix)
            }
            _ => false,
        }
    }
}

/// The top `prefix` bits of a `width`-bit address.
fn mask(bits: u128, width: u8, prefix: u8) -> u128 {
    let host = u32::from(width - prefix);
    bits.checked_shr(host).unwrap_or(0)
}

impl FromStr for IpNet {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr = addr
            .parse::<IpAddr>()
            .map_err(|_| format!("{s:?} is not an IP address or network"))?
            .to_canonical();
        let width = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => width,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= width)
                .ok_or_else(|| format!("{s:?}: the prefix length must be 0 to {width}"))?,
        };
        let net = Self { addr, prefix };
        if !net_is_masked(addr, prefix) {
            return Err(format!("{s:?}: bits are set after the prefix"));
        }
        Ok(net)
    }
}

fn net_is_masked(addr: IpAddr, prefix: u8) -> bool {
    let (bits, width) = match addr {
        IpAddr::V4(a) => (u128::from(a.to_bits()), 32),
        IpAddr::V6(a) => (a.to_bits(), 128),
    };
    mask(bits, width, prefix)
        .checked_shl(u32::from(width - prefix))
        .unwrap_or(0)
        == bits
}

impl fmt::Display for IpNet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = if self.addr.is_ipv4() { 32 } else { 128 };
        if self.prefix == width {
            write!(f, "{}", self.addr)
        } else {
            write!(f, "{}/{}", self.addr, self.prefix)
        }
    }
}

impl Serialize for IpNet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for IpNet {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|s| s.parse().unwrap()).collect()
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn xff(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", v.parse().unwrap());
        }
        h
    }

    #[test]
    fn networks_parse_and_contain_their_addresses() {
        let n: IpNet = "10.0.0.0/8".parse().unwrap();
        assert!(n.contains(ip("10.200.1.1")));
        assert!(n.contains(ip("::ffff:10.1.2.3")));
        assert!(!n.contains(ip("11.0.0.1")));
        assert!(!n.contains(ip("::a00:1")));
        let one: IpNet = "192.0.2.7".parse().unwrap();
        assert!(one.contains(ip("192.0.2.7")) && !one.contains(ip("192.0.2.8")));
        let v6: IpNet = "2001:db8::/32".parse().unwrap();
        assert!(v6.contains(ip("2001:db8:ffff::1")) && !v6.contains(ip("2001:db9::1")));
        let all: IpNet = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains(ip("203.0.113.1")));
        assert_eq!(n.to_string(), "10.0.0.0/8");
        assert_eq!(one.to_string(), "192.0.2.7");
    }

    #[test]
    fn bad_networks_are_refused() {
        for bad in [
            "10.0.0.1/8",
            "10.0.0.0/33",
            "10.0.0.0/x",
            "proxy",
            "2001:db8::1/32",
            "",
        ] {
            assert!(bad.parse::<IpNet>().is_err(), "{bad}");
        }
    }

    #[test]
    fn the_forwarded_header_is_ignored_from_an_untrusted_peer() {
        let trusted = nets(&["10.0.0.0/8"]);
        let h = xff(&["198.51.100.1"]);
        assert_eq!(
            client_ip(ip("203.0.113.9"), &h, &trusted),
            ip("203.0.113.9")
        );
        assert_eq!(client_ip(ip("203.0.113.9"), &h, &[]), ip("203.0.113.9"));
    }

    #[test]
    fn behind_trusted_proxies_the_rightmost_untrusted_address_is_the_client() {
        let trusted = nets(&["10.0.0.0/8", "192.0.2.5"]);
        let peer = ip("10.0.0.1");
        // The client wrote "1.1.1.1" itself; the outer proxy appended the
        // real client, the inner one the outer proxy.
        let h = xff(&["1.1.1.1, 198.51.100.7, 192.0.2.5"]);
        assert_eq!(client_ip(peer, &h, &trusted), ip("198.51.100.7"));
        let split = xff(&["1.1.1.1", "198.51.100.7:4711, 192.0.2.5"]);
        assert_eq!(client_ip(peer, &split, &trusted), ip("198.51.100.7"));
        let v6 = xff(&["[2001:db8::7]:443"]);
        assert_eq!(client_ip(peer, &v6, &trusted), ip("2001:db8::7"));
    }

    #[test]
    fn without_a_peer_address_every_request_is_the_unknown_client() {
        let trusted = nets(&["0.0.0.0/0"]);
        assert_eq!(
            client_key(None, &xff(&["198.51.100.7"]), &trusted),
            ClientKey::unknown()
        );
        let v6 = client_key(Some(ip("2001:db8::1")), &HeaderMap::new(), &[]);
        assert_eq!(v6.as_str(), "2001:db8::/64");
    }

    #[test]
    fn without_a_usable_forwarded_address_the_last_trusted_hop_is_the_client() {
        let trusted = nets(&["10.0.0.0/8"]);
        let peer = ip("10.0.0.1");
        assert_eq!(client_ip(peer, &HeaderMap::new(), &trusted), peer);
        assert_eq!(
            client_ip(peer, &xff(&["198.51.100.7, unknown"]), &trusted),
            peer
        );
        assert_eq!(
            client_ip(peer, &xff(&["198.51.100.7, garbage, 10.0.0.2"]), &trusted),
            ip("10.0.0.2")
        );
        assert_eq!(
            client_ip(peer, &xff(&["10.0.0.3, 10.0.0.2"]), &trusted),
            ip("10.0.0.3")
        );
    }
}
