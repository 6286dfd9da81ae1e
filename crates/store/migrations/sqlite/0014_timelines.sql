-- A person's timeline: the posts of their home feed's sources, the org
-- space excepted (everyone reads it, so it is read on demand). A post is
-- written to the timelines of its audience in the transaction that creates
-- it (fan-out on write); a person's timeline is rebuilt, in the transaction
-- that changes them, when their sources change (membership, follows, unit).
-- It is always a complete newest-first prefix of those sources' posts, so
-- a feed read that runs past its end continues from the sources themselves.
create table feed_items (
    person_id blob not null references people (id),
    post_id blob not null references posts (id),
    -- The post's creation time, so a page is one range of the index below.
    created_at text not null,
    primary key (person_id, post_id)
) strict;
create index feed_items_person_time on feed_items (person_id, created_at, post_id);

