-- PostgreSQL twin of migrations/sqlite/0006_search_live_time.sql.
-- Search ranks posts and comments among the newest 1,000 matches the
-- viewer may read (store::search). For a common word the quickest way to
-- them is to walk live rows newest first and test each against the query,
-- stopping at the window; that walk needs live rows in time order, which
-- no index gave on its own (posts_space_live leads with the space).
create index posts_live_time on posts (created_at, id) where deleted_at is null;
create index comments_live_time on comments (created_at, id) where deleted_at is null;
