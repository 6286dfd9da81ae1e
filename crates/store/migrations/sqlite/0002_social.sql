-- Social core: spaces and their members, posts with revisions, comments,
-- reactions, polls, topics and mentions, follows, first-view receipts,
-- acknowledgements of important posts, and notifications.
--
-- Who may read what is decided in one place, store::visibility, from
-- spaces.visibility / read_access and space_members; no table here carries
-- its own copy of that decision.

create table spaces (
    id blob primary key,
    -- org (one), unit (one per unit) or community.
    kind text not null,
    unit_id blob references units (id),
    name text not null,
    description text not null,
    -- Who may find it: open and private spaces are listed to everyone,
    -- secret ones only to their members.
    visibility text not null,
    -- Who may read its posts: everyone (who can see it) or members.
    read_access text not null,
    -- Who may post: everyone (who can read it), members or moderators.
    write_access text not null,
    created_by blob,
    created_at text not null,
    constraint spaces_unit_unique unique (unit_id)
) strict;
create index spaces_kind on spaces (kind, name);

create table space_members (
    space_id blob not null references spaces (id),
    person_id blob not null references people (id),
    -- owner, moderator or member.
    role text not null,
    joined_at text not null,
    primary key (space_id, person_id)
) strict;
create index space_members_person on space_members (person_id, space_id);

create table join_requests (
    space_id blob not null references spaces (id),
    person_id blob not null references people (id),
    requested_at text not null,
    primary key (space_id, person_id)
) strict;

create table posts (
    id blob primary key,
    space_id blob not null references spaces (id),
    author_id blob not null references people (id),
    kind text not null,
    title text not null,
    body text not null,
    -- Rendered and sanitized once, when written.
    body_html text not null,
    -- Important posts stay on top of the feed until acknowledged.
    important integer not null,
    accepted_comment_id blob,
    comment_count integer not null,
    created_at text not null,
    updated_at text not null,
    deleted_at text
) strict;
-- The feed's order is (created_at, id) descending; these indexes are in that order.
create index posts_space_time on posts (space_id, created_at, id);
create index posts_author_time on posts (author_id, created_at, id);
create index posts_important_time on posts (important, created_at, id);

create table post_revisions (
    id blob primary key,
    post_id blob not null references posts (id),
    editor_id blob not null references people (id),
    title text not null,
    body text not null,
    edited_at text not null
) strict;
create index post_revisions_post on post_revisions (post_id, edited_at);

create table comments (
    id blob primary key,
    post_id blob not null references posts (id),
    parent_id blob references comments (id),
    author_id blob not null references people (id),
    body text not null,
    body_html text not null,
    created_at text not null,
    updated_at text not null,
    deleted_at text
) strict;
create index comments_post_time on comments (post_id, created_at, id);
create index comments_author_time on comments (author_id, created_at);

create table reactions (
    post_id blob not null references posts (id),
    person_id blob not null references people (id),
    kind text not null,
    created_at text not null,
    primary key (post_id, person_id, kind)
) strict;

create table poll_options (
    post_id blob not null references posts (id),
    position integer not null,
    text text not null,
    primary key (post_id, position)
) strict;

create table poll_votes (
    post_id blob not null references posts (id),
    person_id blob not null references people (id),
    position integer not null,
    voted_at text not null,
    primary key (post_id, person_id)
) strict;

create table post_topics (
    post_id blob not null references posts (id),
    topic text not null,
    created_at text not null,
    primary key (post_id, topic)
) strict;
create index post_topics_topic_time on post_topics (topic, created_at, post_id);

create table post_mentions (
    post_id blob not null references posts (id),
    person_id blob not null references people (id),
    primary key (post_id, person_id)
) strict;

-- target_kind person, topic or space; target is the person or space id as
-- text, or the lowercase topic.
create table follows (
    follower_id blob not null references people (id),
    target_kind text not null,
    target text not null,
    created_at text not null,
    primary key (follower_id, target_kind, target)
) strict;
create index follows_target on follows (target_kind, target);

-- First view of a post by a person: the basis of reach.
create table post_views (
    post_id blob not null references posts (id),
    person_id blob not null references people (id),
    first_viewed_at text not null,
    primary key (post_id, person_id)
) strict;

create table post_acks (
    post_id blob not null references posts (id),
    person_id blob not null references people (id),
    acked_at text not null,
    primary key (post_id, person_id)
) strict;

create table notifications (
    id blob primary key,
    recipient_id blob not null references people (id),
    -- mention, reply, answer, accepted, reaction, join_request
    kind text not null,
    actor_id blob,
    post_id blob,
    comment_id blob,
    space_id blob,
    created_at text not null,
    read_at text
) strict;
create index notifications_recipient_time on notifications (recipient_id, created_at, id);
