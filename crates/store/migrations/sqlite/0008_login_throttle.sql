-- Sign-in attempts are throttled per client as well as per e-mail
-- (services::auth::throttle): five failures for one address from one client
-- lock that client out of that address, not the address's owner elsewhere,
-- and twenty over all addresses from one client slow down password spraying.
-- `client` is the peer's IPv4 address, the /64 prefix of an IPv6 one, or
-- 'unknown'. The old rows carry no client, and only their last 15 minutes
-- count, so they are dropped rather than guessed at: an upgrade forgets at
-- most one window of failures.
drop table login_failures;
create table login_failures (
    id blob primary key,
    email_norm text not null,
    client text not null,
    failed_at text not null
) strict;
-- One address from one client.
create index login_failures_email_client on login_failures (email_norm, client, failed_at);
-- Every address from one client.
create index login_failures_client on login_failures (client, failed_at);
-- One address from every client (the backstop against many clients).
create index login_failures_email on login_failures (email_norm, failed_at);
