-- PostgreSQL twin of migrations/sqlite/0011_feedback.sql (no rowid here;
-- delivery re-inserts rows in random order so the heap says nothing either).
-- Feedback to leaders, attributed or anonymous (services::leadership::feedback).
--
-- Anonymous by construction: an anonymous item has no author, no creation
-- time and no reply-token link to anyone; its only time is its delivery
-- batch's. Its id is a random UUIDv4 (not the time-ordered v7 of other
-- tables), and every table that holds anonymous data is WITHOUT ROWID, so
-- neither a key nor the rowid sorts items in writing order. Delivery
-- re-inserts a batch's rows in random order.

-- One delivery of anonymous items to one addressee (a person or a unit).
create table feedback_batches (
    id uuid primary key,
    addressee_id uuid not null,
    delivered_at timestamptz not null
);
create index feedback_batches_addressee on feedback_batches (addressee_id, delivered_at);

-- Feedback items. Exactly one of to_person_id / to_unit_id is set.
-- Attributed: author_id and created_at set, batch_id null.
-- Anonymous: author_id and created_at null, reply_token_hash set (hex
-- SHA-256 of the token shown once), batch_id null while waiting.
create table feedback_items (
    id uuid primary key,
    to_person_id uuid references people (id),
    to_unit_id uuid references units (id),
    category text not null,
    body text not null,
    anonymous boolean not null,
    author_id uuid references people (id),
    created_at timestamptz,
    reply_token_hash text,
    batch_id uuid references feedback_batches (id),
    -- new, acknowledged, in_progress, done, wont_do (domain::feedback::FeedbackStatus)
    status text not null,
    constraint feedback_items_reply_token_unique unique (reply_token_hash)
);
create index feedback_items_to_person on feedback_items (to_person_id);
create index feedback_items_to_unit on feedback_items (to_unit_id);
create index feedback_items_author on feedback_items (author_id);
create index feedback_items_batch on feedback_items (batch_id);

-- The thread of an item: leaders' answers (author set, exact time, the
-- status they set) and the anonymous writer's replies (no author, the time
-- truncated to the day). `seq` orders the thread.
create table feedback_messages (
    id uuid primary key,
    item_id uuid not null references feedback_items (id),
    seq bigint not null,
    author_id uuid references people (id),
    from_writer boolean not null,
    body text not null,
    status text,
    created_at timestamptz not null,
    constraint feedback_messages_seq_unique unique (item_id, seq)
);
create index feedback_messages_author on feedback_messages (author_id);

-- Per addressee, the day the oldest waiting anonymous item was written (not
-- a time, and not per item): decides the one-week rule of delivery.
create table feedback_waiting (
    addressee_id uuid primary key,
    since text not null
);
