-- Foundation: units, people, their history, sign-in and the event log.
-- Ids are UUIDv7 blobs made in Rust; times are fixed-width UTC text (see store::ts).
-- Tables are STRICT so that SQLite refuses values of the wrong type, as PostgreSQL does.

create table units (
    id blob primary key,
    parent_id blob references units (id),
    name text not null,
    kind text not null,
    -- The display path (`Acme/Consulting/Data`) and its lowercase key: units are
    -- addressed by path in org-chart imports, case-insensitively.
    path text not null,
    path_key text not null,
    created_at text not null,
    constraint units_path_key_unique unique (path_key)
) strict;
create index units_parent on units (parent_id, name);

create table people (
    id blob primary key,
    email text not null,
    email_norm text not null,
    handle text not null,
    name text not null,
    -- Lowercase name: the directory's sort key (collations differ per backend).
    name_norm text not null,
    title text not null,
    unit_id blob references units (id),
    work_mode text not null,
    -- Null: follow the browser's Accept-Language.
    locale text,
    time_zone text not null,
    -- Null for people who have never had a password (imported, or SSO later).
    password_hash text,
    is_admin integer not null,
    is_active integer not null,
    -- Lowercase name, handle, title and unit name, for directory search.
    search_text text not null,
    created_at text not null,
    updated_at text not null,
    constraint people_email_unique unique (email_norm),
    constraint people_handle_unique unique (handle)
) strict;
create index people_directory on people (name_norm, id);
create index people_unit on people (unit_id, name_norm, id);

create table unit_leaders (
    unit_id blob not null references units (id),
    person_id blob not null references people (id),
    since text not null,
    primary key (unit_id, person_id)
) strict;
create index unit_leaders_person on unit_leaders (person_id);

-- Primary-unit history: one row per stint, valid_to null for the current one.
-- Aggregates over units (analytics) attribute activity to the unit a person was
-- in at the time, not the one they are in now.
create table unit_memberships (
    id blob primary key,
    person_id blob not null references people (id),
    unit_id blob not null references units (id),
    valid_from text not null,
    valid_to text
) strict;
create index unit_memberships_person on unit_memberships (person_id, valid_from);
create index unit_memberships_unit on unit_memberships (unit_id, valid_from);

-- Browser sessions. The cookie carries a random token; only its SHA-256 is stored,
-- so a copy of the database does not sign anyone in.
create table sessions (
    token_hash text primary key,
    person_id blob not null references people (id) on delete cascade,
    csrf_token text not null,
    created_at text not null,
    expires_at text not null
) strict;
create index sessions_person on sessions (person_id);

create table api_tokens (
    id blob primary key,
    person_id blob not null references people (id) on delete cascade,
    name text not null,
    token_hash text not null,
    created_at text not null,
    last_used_at text,
    constraint api_tokens_hash_unique unique (token_hash)
) strict;
create index api_tokens_person on api_tokens (person_id);

-- Failed sign-ins per normalized e-mail (known or not), counted over a sliding
-- window. Kept in the database so that the limit holds across app servers.
create table login_failures (
    id blob primary key,
    email_norm text not null,
    failed_at text not null
) strict;
create index login_failures_email on login_failures (email_norm, failed_at);

-- The append-only event log, written in the same transaction as each action.
-- actor_id has no foreign key: anonymous actions carry none, and erasure of a
-- person may null it without touching the aggregate history.
create table events (
    id blob primary key,
    occurred_at text not null,
    kind text not null,
    actor_id blob,
    subject_id blob,
    unit_id blob,
    payload text not null
) strict;
create index events_kind_time on events (kind, occurred_at);
create index events_time on events (occurred_at);
