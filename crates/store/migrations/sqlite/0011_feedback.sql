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
    id blob primary key,
    addressee_id blob not null,
    delivered_at text not null
) strict, without rowid;
create index feedback_batches_addressee on feedback_batches (addressee_id, delivered_at);

-- Feedback items. Exactly one of to_person_id / to_unit_id is set.
-- Attributed: author_id and created_at set, batch_id null.
-- Anonymous: author_id and created_at null, reply_token_hash set (hex
-- SHA-256 of the token shown once), batch_id null while waiting.
create table feedback_items (
    id blob primary key,
    to_person_id blob references people (id),
    to_unit_id blob references units (id),
    category text not null,
    body text not null,
    anonymous integer not null,
    author_id blob references people (id),
    created_at text,
    reply_token_hash text,
    batch_id blob references feedback_batches (id),
    -- new, acknowledged, in_progress, done, wont_do (domain::feedback::FeedbackStatus)
    status text not null,
    constraint feedback_items_reply_token_unique unique (reply_token_hash)
) strict, without rowid;
create index feedback_items_to_person on feedback_items (to_person_id);
create index feedback_items_to_unit on feedback_items (to_unit_id);
create index feedback_items_author on feedback_items (author_id);
create index feedback_items_batch on feedback_items (batch_id);

-- The thread of an item: leaders' answers (author set, exact time, the
-- status they set) and the anonymous writer's replies (no author, the time
-- truncated to the day). `seq` orders the thread.
create table feedback_messages (
    id blob primary key,
    item_id blob not null references feedback_items (id),
    seq integer not null,
    author_id blob references people (id),
    from_writer integer not null,
    body text not null,
    status text,
    created_at text not null,
    constraint feedback_messages_seq_unique unique (item_id, seq)
) strict, without rowid;
create index feedback_messages_author on feedback_messages (author_id);

-- Per addressee, the day the oldest waiting anonymous item was written (not
-- a time, and not per item): decides the one-week rule of delivery.
create table feedback_waiting (
    addressee_id blob primary key,
    since text not null
) strict, without rowid;
