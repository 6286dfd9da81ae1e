-- Live posts and comments in time order, for search on PostgreSQL (see
-- migrations/postgres/0006_search_live_time.sql). SQLite's search walks
-- FTS5 matches in rowid order instead and does not read these; they are
-- kept so that both backends have the same schema.
create index posts_live_time on posts (created_at, id) where deleted_at is null;
create index comments_live_time on comments (created_at, id) where deleted_at is null;
