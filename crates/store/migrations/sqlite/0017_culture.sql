-- Culture: the organization's values and praise that names recipients and
-- one value; the code of conduct (guidelines) in versions, the rules a space
-- adds, and who accepted which version. The default values and version 1
-- of the code are written by `store::culture::defaults` after migrating,
-- from one Rust text for both backends (and again after a wipe).

-- The organization's values. Archived ones stay, because praise points to
-- them; they are only no longer offered for new praise.
create table org_values (
    id blob primary key,
    name text not null,
    -- lower-cased name: one value per name, case aside.
    name_norm text not null,
    description text not null,
    -- one of a fixed set of icon names (`domain::culture::ValueIcon`).
    icon text not null,
    position integer not null,
    archived_at text,
    created_at text not null,
    constraint org_values_name_unique unique (name_norm)
) strict;

-- A praise post's value. One row per post of kind `praise` written after
-- this migration; `created_at` repeats the post's so the values page counts
-- by month without touching posts first.
create table praise (
    post_id blob primary key references posts (id),
    value_id blob not null references org_values (id),
    created_at text not null
) strict;
create index praise_value_created on praise (value_id, created_at);

create table praise_recipients (
    post_id blob not null references posts (id),
    person_id blob not null references people (id),
    primary key (post_id, person_id)
) strict;
create index praise_recipients_person on praise_recipients (person_id, post_id);

-- Every citable rule's identity: of the code of conduct (space_id null;
-- the text lives per version in guideline_rule_texts) or of one space.
-- Moderation cites rules by this id.
create table rules (
    id blob primary key,
    space_id blob references spaces (id),
    created_at text not null
) strict;
create index rules_space on rules (space_id);

-- Published versions of the code of conduct; never changed after publishing.
create table guideline_versions (
    version integer primary key,
    -- null for the default version 1 written by the installation itself.
    published_by blob references people (id),
    published_at text not null
) strict;

create table guideline_rule_texts (
    version integer not null references guideline_versions (version),
    rule_id blob not null references rules (id),
    number integer not null,
    title_en text not null,
    title_nb text not null,
    body_en text not null,
    body_nb text not null,
    primary key (version, rule_id),
    constraint guideline_rule_texts_number_unique unique (version, number)
) strict;

-- A space's own rules, edited in place by its owners and moderators.
create table space_rules (
    rule_id blob primary key references rules (id),
    space_id blob not null references spaces (id),
    number integer not null,
    title text not null,
    body text not null,
    updated_at text not null,
    archived_at text
) strict;
create index space_rules_space on space_rules (space_id, number);

-- Who accepted which version; posting and commenting need the current one.
create table guideline_acceptances (
    person_id blob not null references people (id),
    version integer not null references guideline_versions (version),
    accepted_at text not null,
    primary key (person_id, version)
) strict;
