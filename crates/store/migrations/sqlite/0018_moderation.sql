-- Moderation: reports of posts and comments citing a rule, a moderator's
-- decisions on them, one appeal per hide; and the audit log.

-- A hidden post or comment stays in place (it is not deleted): its author
-- and the space's moderators still read it, marked with the cited rule.
-- The visibility predicate (`store::visibility::not_hidden_sql!`) reads these.
alter table posts add column hidden_at text;
alter table posts add column hidden_rule_id text;
alter table comments add column hidden_at text;
alter table comments add column hidden_rule_id text;

create table moderation_reports (
    id blob primary key,
    -- 'post' or 'comment'; subject_id is that post's or comment's id.
    subject_kind text not null,
    subject_id blob not null,
    -- The post (for a comment, its post) and its space, so the queue is
    -- scoped by space without a join through comments.
    post_id blob not null references posts (id),
    comment_id blob references comments (id),
    space_id blob not null references spaces (id),
    item_author_id blob not null references people (id),
    reporter_id blob not null references people (id),
    rule_id text not null,
    reason text not null,
    -- domain::moderation::ReportState.
    state text not null,
    created_at text not null,
    decided_at text
) strict;
-- One open report per person per item.
create unique index moderation_reports_open_unique on moderation_reports (reporter_id, subject_id) where state = 'open';
create index moderation_reports_space_state on moderation_reports (space_id, state, created_at);

create table moderation_actions (
    id blob primary key,
    report_id blob not null references moderation_reports (id),
    moderator_id blob not null references people (id),
    -- hide, restore, dismiss; on an appeal: uphold, overturn.
    action text not null,
    rule_id text not null,
    note text not null,
    created_at text not null
) strict;
create index moderation_actions_report on moderation_actions (report_id, created_at);

create table moderation_appeals (
    id blob primary key,
    report_id blob not null references moderation_reports (id),
    appellant_id blob not null references people (id),
    reason text not null,
    created_at text not null,
    -- The moderator who hid the item may not decide its appeal.
    first_moderator_id blob not null references people (id),
    decided_by blob references people (id),
    decided_at text,
    constraint moderation_appeals_report_unique unique (report_id)
) strict;

-- Who did what, when: moderation, administration, roles and memberships,
-- and administrators' reads of secret spaces. Append-only; written inside
-- the acting transaction by `store::audit::record`.
create table audit_log (
    id blob primary key,
    at text not null,
    actor_id blob references people (id),
    action text not null,
    subject_kind text not null,
    subject_id blob,
    details text not null
) strict;
create index audit_log_time on audit_log (at, id);
create index audit_log_subject on audit_log (subject_id, action);

-- At most one audit row per administrator per secret space per UTC day.
create table audit_admin_reads (
    admin_id blob not null references people (id),
    space_id blob not null references spaces (id),
    day text not null,
    primary key (admin_id, space_id, day)
) strict;
