-- A post's topic rows carry the post's creation time: the topic feed is read
-- in that order from post_topics_topic_time. Edits used to stamp the edit
-- time instead; put the post's time back.
update post_topics
set created_at = (select p.created_at from posts p where p.id = post_topics.post_id)
where created_at <> (select p.created_at from posts p where p.id = post_topics.post_id);

-- The pinned part of the feed: a home space's important posts, newest
-- first. Few posts are important, so a partial index keeps this read small
-- in a space of a hundred thousand posts. It replaces the index on
-- (important, created_at, id), which read every important post of every
-- space and led the planner astray once the new one existed.
drop index posts_important_time;
create index posts_important_space on posts (space_id, created_at, id) where important = true;

-- A feed page reads a few index entries per source (a space, an author);
-- with the deletion mark and, for authors, the space in the index, those
-- reads never touch the posts themselves. Only live posts are listed, so
-- only live posts are indexed.
drop index posts_space_time;
create index posts_space_live on posts (space_id, created_at, id, deleted_at) where deleted_at is null;
drop index posts_author_time;
create index posts_author_live on posts (author_id, created_at, id, space_id, deleted_at) where deleted_at is null;
