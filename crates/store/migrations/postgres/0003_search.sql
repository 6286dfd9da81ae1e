-- PostgreSQL twin of migrations/sqlite/0003_search.sql.
-- Full-text search over posts, comments, people and spaces (store::search).
--
-- A stored generated tsvector per table, with a GIN index; queries use
-- websearch_to_tsquery, rank with ts_rank and cut snippets with ts_headline.
-- Config 'simple' (lowercase, no stemming, no stop words), so Norwegian and
-- English text share one index.
--
-- translate() turns ASCII punctuation into spaces before parsing. Without it
-- the default parser keeps e-mail addresses, URLs, host names, versions and
-- hyphenated words as single tokens and drops HTML-like tags altogether,
-- while FTS5's unicode61 splits all of them into words; with it, both
-- backends index the same words ("kari@acme.no" is kari, acme, no). It is
-- immutable and independent of the database locale, as a generated column
-- requires.
--
-- Weights rank a hit in a title or name above one in a body (ts_rank's
-- defaults: A 1.0, B 0.4, C 0.2). posts: title A, body B. comments: body B.
-- people: name A, handle B, title C. spaces: name A, description B.
-- store::search gives SQLite's bm25() the same proportions as column weights.

alter table posts add column search_tsv tsvector generated always as (
    setweight(to_tsvector('simple'::regconfig, translate(title,
        '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                ')), 'A')
    || setweight(to_tsvector('simple'::regconfig, translate(body,
        '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                ')), 'B')
) stored;
create index posts_search on posts using gin (search_tsv);

alter table comments add column search_tsv tsvector generated always as (
    setweight(to_tsvector('simple'::regconfig, translate(body,
        '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                ')), 'B')
) stored;
create index comments_search on comments using gin (search_tsv);

alter table people add column search_tsv tsvector generated always as (
    setweight(to_tsvector('simple'::regconfig, translate(name,
        '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                ')), 'A')
    || setweight(to_tsvector('simple'::regconfig, translate(handle,
        '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                ')), 'B')
    || setweight(to_tsvector('simple'::regconfig, translate(title,
        '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                ')), 'C')
) stored;
create index people_search on people using gin (search_tsv);

alter table spaces add column search_tsv tsvector generated always as (
    setweight(to_tsvector('simple'::regconfig, translate(name,
        '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                ')), 'A')
    || setweight(to_tsvector('simple'::regconfig, translate(description,
        '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                ')), 'B')
) stored;
create index spaces_search on spaces using gin (search_tsv);
