-- Commitments: a leader marks one of their own comments, or one of their
-- answers to feedback, as a promise with a due date; it is kept (with a
-- note) or missed. `reminded_at` records the one "due soon" notification,
-- so every server's timed run sends it once.
create table commitments (
    id blob primary key,
    leader_id blob not null references people (id),
    -- Exactly one of the two: the comment or the feedback answer it was made in.
    comment_id blob references comments (id),
    feedback_response_id blob,
    due_at text not null,
    -- open, kept or missed.
    state text not null,
    -- The promise in the leader's words when it was made (from the comment
    -- or answer), so lists need no join per source.
    summary text not null,
    note text,
    created_at text not null,
    resolved_at text,
    reminded_at text,
    constraint commitments_comment_unique unique (comment_id),
    constraint commitments_response_unique unique (feedback_response_id),
    constraint commitments_one_source check ((comment_id is null) <> (feedback_response_id is null))
) strict;
create index commitments_leader_due on commitments (leader_id, due_at);
create index commitments_state_due on commitments (state, due_at);

-- Upvotes on comments: the questions of an Ask-me-anything thread are
-- ranked by them. One per person per comment.
create table comment_votes (
    -- Exactly one of the two: the comment or the feedback answer it was made in.
    comment_id blob references comments (id),
    feedback_response_id blob,
    person_id blob not null references people (id),
    voted_at text not null,
    primary key (comment_id, person_id)
) strict;
