-- Personal API tokens may carry an expiry. Null means the token lasts until
-- it is revoked: by its owner, by a password change or reset, by an
-- administrator, or by deactivating its owner (all of which delete the row).
-- An expired token no longer authenticates; the row stays until revoked, so
-- its owner still sees it listed.
alter table api_tokens add column expires_at text;
