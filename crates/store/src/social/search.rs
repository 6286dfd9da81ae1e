//! Full-text search over posts, comments, people and spaces: only what the
//! viewer may see, best match first, with highlighted snippets.
//!
//! One public function, [`search`]; the SQL behind it is backend-specific
//! (FTS5 on SQLite, `tsvector` on PostgreSQL, see the `0003_search`
//! migrations) and lives in the private `sqlite` and `postgres` modules.
//! What both share lives here: turning user text into search terms, merging
//! the kinds, and making snippets safe.
//!
//! Invariants:
//! - User text never reaches a query language unprepared: it is cut into
//!   words of letters and digits, each quoted, the last one a prefix. Any
//!   input is a valid query; one without words finds nothing.
//! - Posts and comments are filtered by `can_read_space_sql!`, spaces by
//!   `can_see_space_sql!`, people by being active, inside the SQL and before
//!   any window or `limit`.
//! - [`SearchHit::snippet`] is HTML: the text is escaped, and the only tags
//!   are `<mark>…</mark>` around matched words, always balanced.
//! - Ranks are comparable within one backend only (bm25 on SQLite, `ts_rank`
//!   on PostgreSQL); higher is better on both.
//!
//! Complete words are searched first; the last word becomes a prefix only
//! when they find less than a page. Posts and comments are ranked among
//! the newest 1,000 matches the viewer may read, so a common word costs no
//! more than a rare one, and a readable match is found behind any number of
//! newer ones the viewer may not read. Which spaces those are is read first
//! (`SpaceSets`), with `can_read_space_sql!`, and given to each backend's
//! query to keep its walk of the matches to them; the predicate itself is
//! applied in the query as well, and decides.
//!
//! Known differences between the backends: the order of hits of equal
//! relevance; SQLite folds accents (`cafe` finds `café`, `ar` finds `år`)
//! and PostgreSQL does not; a snippet cut from a long field starts or ends
//! with `…` on SQLite only.

use samspill_domain::PostId;
use uuid::Uuid;

use crate::db::on_db;
use crate::visibility::{Viewer, bind_viewer, can_read_space_sql};
use crate::{Db, Result};

/// What a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SearchKind {
    /// A post (title and body).
    Post,
    /// A comment (body).
    Comment,
    /// A person (name, handle and job title).
    Person,
    /// A space (name and description).
    Space,
}

impl SearchKind {
    /// Every kind, in the order ties are listed.
    pub const ALL: [Self; 4] = [Self::Post, Self::Comment, Self::Person, Self::Space];

    /// The wire name: `post`, `comment`, `person` or `space`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Post => "post",
            Self::Comment => "comment",
            Self::Person => "person",
            Self::Space => "space",
        }
    }

    /// The kind with this wire name.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// What was found.
    pub kind: SearchKind,
    /// The post's, comment's, person's or space's id.
    pub id: Uuid,
    /// The post, for posts and comments.
    pub post_id: Option<PostId>,
    /// The post's title (of a comment: its post's), the person's or the
    /// space's name; `None` when empty.
    pub title: Option<String>,
    /// HTML: escaped text around the match, matched words in `<mark>`.
    pub snippet: String,
    /// Relevance, higher is better; comparable within one backend only.
    pub rank: f64,
}

/// At most this many words of a query are used.
pub const MAX_TERMS: usize = 16;

/// Opens a highlighted word in raw snippets (FTS5 `snippet()`, `ts_headline`).
const START: char = '\u{1}';
/// Closes a highlighted word in raw snippets.
const STOP: char = '\u{2}';

/// A result row: id, post id, title, up to three candidate snippets (one per
/// indexed field, in order of preference) and rank.
type Row = (
    Uuid,
    Option<Uuid>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    f64,
);

/// Finds what `viewer` may see that matches `query`: posts, comments,
/// people and spaces, or only `kind`; best match first, at most `limit`.
///
/// Any text is accepted; a query without letters or digits finds nothing.
/// With every kind, each kind contributes its best `limit` hits and the
/// merged list is cut to `limit`.
#[tracing::instrument(skip_all, fields(kind = kind.map(SearchKind::as_str), limit = limit))]
pub async fn search(
    db: &Db,
    viewer: &Viewer,
    query: &str,
    kind: Option<SearchKind>,
    limit: i64,
) -> Result<Vec<SearchHit>> {
    let terms = terms(query);
    if terms.is_empty() || limit < 1 {
        return Ok(Vec::new());
    }
    let kinds = kind.map_or_else(|| SearchKind::ALL.to_vec(), |k| vec![k]);
    let spaces = if kinds.contains(&SearchKind::Post) || kinds.contains(&SearchKind::Comment) {
        Some(SpaceSets::read(db, viewer).await?)
    } else {
        None
    };
    let mut hits = Vec::new();
    for kind in kinds {
        // Complete words first; only when they fill less than a page is the
        // last word widened to a prefix. A prefix of a common word expands
        // to every word it begins, which is far dearer than the word.
        let mut rows = Vec::new();
        for prefix in [false, true] {
            rows = match db {
                Db::Sqlite(pool) => {
                    let filter = spaces.as_ref().map(sqlite::narrowing);
                    sqlite::fetch(pool, viewer, kind, &terms, prefix, limit, filter).await?
                }
                Db::Postgres(pool) => {
                    let filter = spaces.as_ref().map(SpaceSets::shorter);
                    postgres::fetch(pool, viewer, kind, &terms, prefix, limit, filter).await?
                }
            };
            if i64::try_from(rows.len()).unwrap_or(i64::MAX) >= limit {
                break;
            }
        }
        hits.extend(rows.into_iter().map(|row| hit(kind, row)));
    }
    hits.sort_by(|a, b| {
        b.rank
            .total_cmp(&a.rank)
            .then_with(|| kind_order(a.kind).cmp(&kind_order(b.kind)))
            .then_with(|| a.id.cmp(&b.id))
    });
    hits.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(hits)
}

/// The spaces whose posts a viewer may read, and the others, as
/// `can_read_space_sql!` decides over `spaces`; read once per search.
#[derive(Debug, Default)]
struct SpaceSets {
    readable: Vec<Uuid>,
    unreadable: Vec<Uuid>,
}

/// The spaces a search of posts or comments keeps to: these, or all but
/// these (all when there are none).
#[derive(Debug, Clone, Copy)]
enum SpaceFilter<'a> {
    Only(&'a [Uuid]),
    Except(&'a [Uuid]),
}

impl SpaceSets {
    async fn read(db: &Db, viewer: &Viewer) -> Result<Self> {
        const SQL: &str = concat!(
            "select s.id, ",
            can_read_space_sql!("s.id"),
            " from spaces s"
        );
        let rows: Vec<(Uuid, bool)> = on_db!(db, |p| bind_viewer!(sqlx::query_as(SQL), viewer)
            .fetch_all(p)
            .await)?;
        let mut sets = Self::default();
        for (id, readable) in rows {
            if readable {
                sets.readable.push(id);
            } else {
                sets.unreadable.push(id);
            }
        }
        Ok(sets)
    }

    /// The readable spaces or all but the unreadable ones, whichever list
    /// is shorter: most people read nearly every space, some only a few.
    fn shorter(&self) -> SpaceFilter<'_> {
        if self.unreadable.len() < self.readable.len() {
            SpaceFilter::Except(&self.unreadable)
        } else {
            SpaceFilter::Only(&self.readable)
        }
    }
}

fn kind_order(kind: SearchKind) -> usize {
    SearchKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(usize::MAX)
}

fn hit(kind: SearchKind, (id, post_id, title, a, b, c, rank): Row) -> SearchHit {
    SearchHit {
        kind,
        id,
        post_id: post_id.map(PostId::from_uuid),
        title: Some(title).filter(|t| !t.is_empty()),
        snippet: highlight(&pick_snippet([a, b, c])),
        rank,
    }
}

/// The words of a query: maximal runs of letters and digits, lowercased, at
/// most [`MAX_TERMS`]. Everything else (quotes, operators, `:`, emoji) only
/// separates words, so no input can be a syntax error downstream.
fn terms(query: &str) -> Vec<String> {
    query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .take(MAX_TERMS)
        .map(str::to_lowercase)
        .collect()
}

/// The first candidate with a highlighted word, else the first non-empty.
fn pick_snippet(candidates: [Option<String>; 3]) -> String {
    let mut candidates = candidates.into_iter().flatten();
    let mut fallback = None;
    for s in candidates.by_ref() {
        if s.contains(START) {
            return s;
        }
        if fallback.is_none() && !s.is_empty() {
            fallback = Some(s);
        }
    }
    fallback.unwrap_or_default()
}

/// HTML-escapes a raw snippet and turns its markers into `<mark>` tags.
/// Markers are paired here, so stray marker characters in the text itself
/// can never leave a tag open.
fn highlight(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 32);
    let mut open = false;
    for c in raw.chars() {
        match c {
            START if !open => {
                out.push_str("<mark>");
                open = true;
            }
            STOP if open => {
                out.push_str("</mark>");
                open = false;
            }
            START | STOP => {}
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    if open {
        out.push_str("</mark>");
    }
    out
}

/// SQLite: FTS5 external-content tables joined back to their base table on
/// rowid; ranked by `bm25()`, snippets by `snippet()`.
mod sqlite {
    use sqlx::SqlitePool;
    use uuid::Uuid;

    use super::{Row, SearchKind, SpaceFilter, SpaceSets};
    use crate::Result;
    use crate::visibility::{
        Viewer, bind_viewer, can_read_space_sql, can_see_space_sql, not_hidden_sql,
    };

    // Each query ranks and limits first (`hits`), then cuts snippets for the
    // few rows left: `snippet()` re-reads and re-tokenizes the text, so it
    // must not run for every match. The outer `match` is what gives
    // `snippet()` its context; `cross join` fixes SQLite's loop order so
    // that it is a lookup of each hit's rowid, not a second full match.
    // bm25 is negated so that higher is better; its column weights follow
    // the PostgreSQL weights (A 1.0, B 0.4, C 0.2).

    // Posts and comments are ranked among the newest 1,000 matches the
    // viewer may read (`cand`; rowids grow as rows are written): bm25 reads
    // every match it ranks, and a common word matches half of a million
    // posts, so ranking them all took seconds. FTS5 walks the matches newest
    // first and the walk stops at the window; rarer words (fewer readable
    // matches than the window) are ranked over all of them.
    //
    // Visibility comes before the window: each match the walk passes is
    // looked up, and kept when it is live and its space is in `readable`
    // (the spaces `can_read_space_sql!` lets through). That costs a lookup
    // per match passed: a thousand for a viewer who reads nearly all, but a
    // hundred thousand for one who reads a hundredth. So the index also
    // names each row's space (column `space`, see the 0006 migration), and
    // for a viewer who reads a few spaces (or all but a few) the FTS5 query
    // keeps to those spaces (or leaves those out), and the walk passes
    // their matches only ([`narrowing`], [`scoped_query`]). bm25 counts the
    // matches of every phrase of the query, so a long list of spaces would
    // cost more than the lookups it saves; the predicate decides either
    // way. Snippets are cut with the words alone (`$6`).

    /// SQL: the ids of the spaces whose posts the viewer may read.
    macro_rules! readable_spaces {
        () => {
            concat!(
                "readable as (select s.id from spaces s where ",
                can_read_space_sql!("s.id"),
                ")"
            )
        };
    }

    // Viewer in $1..$3, the FTS5 query in $4, the limit in $5, the words
    // alone in $6.
    const POSTS: &str = concat!(
        "with ",
        readable_spaces!(),
        ", cand as (
            select f.rowid as rid, p.id, -bm25(posts_fts, 2.5, 1.0, 0.0) as score
            from posts_fts f
            cross join posts p
            where posts_fts match $4
              and p.rowid = f.rowid
              and p.deleted_at is null
              and p.space_id in readable
              and ",
        not_hidden_sql!("p.hidden_at", "p.author_id", "p.space_id"),
        "
            order by f.rowid desc
            limit 1000
        ), hits as (
            select rid, score
            from cand
            order by score desc, id
            limit $5
        )
        select p.id, p.id, p.title,
               snippet(posts_fts, 1, char(1), char(2), '…', 24),
               snippet(posts_fts, 0, char(1), char(2), '…', 24),
               null,
               h.score
        from hits h
        cross join posts_fts
        cross join posts p
        where posts_fts match $6
          and posts_fts.rowid = h.rid
          and p.rowid = h.rid
        order by h.score desc, p.id"
    );

    // Viewer in $1..$3, the FTS5 query in $4, the limit in $5, the words
    // alone in $6.
    const COMMENTS: &str = concat!(
        "with ",
        readable_spaces!(),
        ", cand as (
            select f.rowid as rid, c.id, -bm25(comments_fts, 1.0, 0.0) as score
            from comments_fts f
            cross join comments c
            cross join posts p
            where comments_fts match $4
              and c.rowid = f.rowid
              and c.deleted_at is null
              and p.id = c.post_id
              and p.deleted_at is null
              and p.space_id in readable
              and ",
        not_hidden_sql!("p.hidden_at", "p.author_id", "p.space_id"),
        "
              and ",
        not_hidden_sql!("c.hidden_at", "c.author_id", "p.space_id"),
        "
            order by f.rowid desc
            limit 1000
        ), hits as (
            select rid, score
            from cand
            order by score desc, id
            limit $5
        )
        select c.id, c.post_id, p.title,
               snippet(comments_fts, 0, char(1), char(2), '…', 24),
               null,
               null,
               h.score
        from hits h
        cross join comments_fts
        cross join comments c
        join posts p on p.id = c.post_id
        where comments_fts match $6
          and comments_fts.rowid = h.rid
          and c.rowid = h.rid
        order by h.score desc, c.id"
    );

    // Viewer in $1..$3, the FTS5 query in $4, the limit in $5.
    const SPACES: &str = concat!(
        "with hits as (
            select s.rowid as rid, -bm25(spaces_fts, 2.5, 1.0) as score
            from spaces_fts
            join spaces s on s.rowid = spaces_fts.rowid
            where spaces_fts match $4
              and ",
        can_see_space_sql!("s.id"),
        "
            order by score desc, s.id
            limit $5
        )
        select s.id, null, s.name,
               snippet(spaces_fts, 1, char(1), char(2), '…', 24),
               snippet(spaces_fts, 0, char(1), char(2), '…', 24),
               null,
               h.score
        from hits h
        cross join spaces_fts
        cross join spaces s
        where spaces_fts match $4
          and spaces_fts.rowid = h.rid
          and s.rowid = h.rid
        order by h.score desc, s.id"
    );

    // The FTS5 query in $1, the limit in $2 (the directory is open to all).
    const PEOPLE: &str = "with hits as (
            select p.rowid as rid, -bm25(people_fts, 5.0, 2.0, 1.0) as score
            from people_fts
            join people p on p.rowid = people_fts.rowid
            where people_fts match $1
              and p.is_active = true
            order by score desc, p.id
            limit $2
        )
        select p.id, null, p.name,
               snippet(people_fts, 0, char(1), char(2), '…', 24),
               snippet(people_fts, 1, char(1), char(2), '…', 24),
               snippet(people_fts, 2, char(1), char(2), '…', 24),
               h.score
        from hits h
        cross join people_fts
        cross join people p
        where people_fts match $1
          and people_fts.rowid = h.rid
          and p.rowid = h.rid
        order by h.score desc, p.id";

    /// An FTS5 query: every term a quoted string (so `NEAR`, `AND`, `-`,
    /// `:` are just words), all required, the last one a prefix when
    /// `prefix`.
    pub(super) fn match_query(terms: &[String], prefix: bool) -> String {
        let mut q = terms
            .iter()
            .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(" ");
        if prefix {
            q.push('*');
        }
        q
    }

    /// At most this many spaces are named in an FTS5 query to keep to them.
    const MAX_ONLY: usize = 64;
    /// At most this many spaces are named in an FTS5 query to leave them out.
    const MAX_EXCEPT: usize = 8;

    /// How a viewer's FTS5 queries narrow the walk to their spaces: to the
    /// readable ones when they are few, leaving out the unreadable ones
    /// when those are very few, else not at all (`Except(&[])`).
    pub(super) fn narrowing(sets: &SpaceSets) -> SpaceFilter<'_> {
        match sets.shorter() {
            SpaceFilter::Only(ids) if ids.len() <= MAX_ONLY => SpaceFilter::Only(ids),
            SpaceFilter::Except(ids) if ids.len() <= MAX_EXCEPT => SpaceFilter::Except(ids),
            _ => SpaceFilter::Except(&[]),
        }
    }

    /// The FTS5 query for posts or comments: the words, in the spaces
    /// `filter` keeps to; `None` when the viewer may read no space.
    pub(super) fn scoped_query(words: &str, filter: SpaceFilter<'_>) -> Option<String> {
        let any = |ids: &[Uuid]| {
            ids.iter()
                .map(|id| format!("\"s{}\"", id.simple()))
                .collect::<Vec<_>>()
                .join(" OR ")
        };
        match filter {
            SpaceFilter::Only([]) => None,
            SpaceFilter::Only(ids) => Some(format!("({words}) AND space : ({})", any(ids))),
            SpaceFilter::Except([]) => Some(words.to_owned()),
            SpaceFilter::Except(ids) => Some(format!("({words}) NOT space : ({})", any(ids))),
        }
    }

    /// The best `limit` rows of one kind; `filter` is for posts and comments.
    pub(super) async fn fetch(
        pool: &SqlitePool,
        viewer: &Viewer,
        kind: SearchKind,
        terms: &[String],
        prefix: bool,
        limit: i64,
        filter: Option<SpaceFilter<'_>>,
    ) -> Result<Vec<Row>> {
        let words = match_query(terms, prefix);
        let filter = filter.unwrap_or(SpaceFilter::Except(&[]));
        let sql = match kind {
            SearchKind::Post => POSTS,
            SearchKind::Comment => COMMENTS,
            SearchKind::Space => {
                return Ok(bind_viewer!(sqlx::query_as(SPACES), viewer)
                    .bind(&words)
                    .bind(limit)
                    .fetch_all(pool)
                    .await?);
            }
            SearchKind::Person => {
                return Ok(sqlx::query_as(PEOPLE)
                    .bind(&words)
                    .bind(limit)
                    .fetch_all(pool)
                    .await?);
            }
        };
        let Some(q) = scoped_query(&words, filter) else {
            return Ok(Vec::new());
        };
        Ok(bind_viewer!(sqlx::query_as(sql), viewer)
            .bind(&q)
            .bind(limit)
            .bind(&words)
            .fetch_all(pool)
            .await?)
    }
}

/// PostgreSQL: generated `tsvector` columns with GIN indexes, matched with
/// `websearch_to_tsquery`, ranked by `ts_rank`, snippets by `ts_headline`.
mod postgres {
    use sqlx::PgPool;

    use super::{Row, SearchKind, SpaceFilter};
    use crate::Result;
    use crate::visibility::{
        Viewer, bind_viewer, can_read_space_sql, can_see_space_sql, not_hidden_sql,
    };

    /// The tsquery: the complete terms (each double-quoted, so that `or` and
    /// `-` are words to `websearch_to_tsquery`) and the last term as a
    /// prefix. Without complete terms `websearch_to_tsquery` is skipped; it
    /// would only log a notice. `$q` is the terms, `$p` the prefix.
    #[rustfmt::skip]
    macro_rules! tsquery {
        ($q:literal, $p:literal) => {
            concat!("with query as (select ", tsquery_expr!($q, $p), " as q)")
        };
    }

    /// The tsquery as an expression. Written out in a `where` clause (not
    /// read from the `query` CTE), it is a constant to the planner when the
    /// statement is planned for its parameters, so the planner knows from
    /// the column statistics how many rows match.
    #[rustfmt::skip]
    macro_rules! tsquery_expr {
        ($q:literal, $p:literal) => {
            concat!(
                "(case when ", $q, " = '' then to_tsquery('simple', ", $p, ")
                       else websearch_to_tsquery('simple', ", $q, ") && to_tsquery('simple', ", $p, ")
                  end)"
            )
        };
    }

    /// `ts_headline` of `$col`. The default parser takes `<…>` for a tag and
    /// leaves it out of headlines, and keeps e-mail addresses, URLs and
    /// versions whole (so `acme` in `kari@acme.no` would not be marked);
    /// `<@./:` are swapped for control characters it treats as spaces, and
    /// swapped back in [`unmask`]. A fragment (`MaxFragments=1`) starts and
    /// ends at a word, dropping punctuation at the edges of the text, so a
    /// short field is shown whole (`HighlightAll`), as FTS5 shows a field
    /// of up to 24 words.
    macro_rules! headline {
        ($col:literal) => {
            concat!(
                "case when length(", $col, ") <= 160
                    then ts_headline('simple', translate(", $col, ", '<@./:', chr(3) || chr(4) || chr(5) || chr(6) || chr(7)),
                        query.q, 'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', HighlightAll=true')
                    else ts_headline('simple', translate(", $col, ", '<@./:', chr(3) || chr(4) || chr(5) || chr(6) || chr(7)),
                        query.q, 'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', MaxWords=24, MinWords=12, MaxFragments=1')
                end"
            )
        };
    }

    // Each query ranks and limits first (`hits`), then cuts headlines for
    // the few rows left: ts_headline re-parses the whole text.
    // Normalization 1 divides the rank by 1 + log(length), as bm25 favours
    // short fields.
    //
    // Posts and comments are ranked among the newest 1,000 matches the
    // viewer may read (`cand`), as on SQLite (see there). The spaces the
    // viewer may read are decided first, by `can_read_space_sql!` over
    // `spaces` (`SpaceSets`), and bound as an array (`$7`): the unreadable
    // ones when those are fewer (most people read nearly every space), else
    // the readable ones. The tsquery and the spaces are known when the
    // statement is planned (it is planned for its parameters each time, see
    // [`fetch`]), so the planner can choose how to reach the window from
    // the column statistics: by walking live rows newest first
    // (`posts_live_time`) and testing each against the tsquery, which stops
    // at the window and suits common words, or by reading every match from
    // the GIN index and keeping the newest, which suits rare ones. A viewer
    // who reads a few spaces (at most [`FEW_SPACES`]) has them searched one
    // at a time, each walked newest first (`posts_space_live`), since a walk
    // of all posts would pass a hundred unreadable ones per readable one.
    // Only then are the matches ranked, and they are checked again with
    // `can_read_space_sql!` before the limit, so a space whose access
    // changed between the two statements is not leaked.

    /// SQL: the post `p` is in a space of the array `$7`.
    macro_rules! space_in {
        () => {
            "p.space_id = any($7)"
        };
    }

    /// SQL: the post `p` is in no space of the array `$7`.
    macro_rules! space_not_in {
        () => {
            "not (p.space_id = any($7))"
        };
    }

    /// SQL: the newest 1,000 live posts matching the tsquery in spaces
    /// `$space` allows: `id, space_id, title, body, search_tsv`.
    macro_rules! posts_window {
        ($space:expr) => {
            concat!(
                "select p.id, p.space_id, p.title, p.body, p.search_tsv
                from posts p
                where p.search_tsv @@ ",
                tsquery_expr!("$4", "$5"),
                "
                  and p.deleted_at is null
                  and ",
                not_hidden_sql!("p.hidden_at", "p.author_id", "p.space_id"),
                " and ",
                $space,
                "
                order by p.created_at desc, p.id desc
                limit 1000"
            )
        };
    }

    /// SQL: as `posts_window!`, for a viewer who reads the few spaces in
    /// `$7`: each space's newest matches (`posts_space_live` walked newest
    /// first), then the newest of those. Walking all live posts newest
    /// first would pass a hundred unreadable posts for each readable one.
    macro_rules! posts_window_per_space {
        () => {
            concat!(
                "select x.id, x.space_id, x.title, x.body, x.search_tsv
                from unnest($7::uuid[]) as r (space_id)
                cross join lateral (
                    select p.id, p.space_id, p.title, p.body, p.search_tsv, p.created_at
                    from posts p
                    where p.space_id = r.space_id
                      and p.search_tsv @@ ",
                tsquery_expr!("$4", "$5"),
                "
                      and p.deleted_at is null
                      and ",
                not_hidden_sql!("p.hidden_at", "p.author_id", "p.space_id"),
                "
                    order by p.created_at desc, p.id desc
                    limit 1000
                ) x
                order by x.created_at desc, x.id desc
                limit 1000"
            )
        };
    }

    // Viewer in $1..$3, the terms in $4, the prefix in $5, the limit in $6,
    // the spaces in $7 (`$window` says how they are used).
    macro_rules! posts_sql {
        ($window:expr) => {
            concat!(
                tsquery!("$4", "$5"),
                ", cand as (",
                $window,
                "), hits as (
                    select c.id, c.title, c.body, ts_rank(c.search_tsv, query.q, 1) as score
                    from cand c
                    cross join query
                    where ",
                can_read_space_sql!("c.space_id"),
                "
                    order by score desc, c.id
                    limit $6
                )
                select h.id, h.id, h.title, ",
                headline!("h.body"),
                ", ",
                headline!("h.title"),
                ", null::text, h.score::float8
                from hits h
                cross join query
                order by h.score desc, h.id"
            )
        };
    }
    const POSTS_IN: &str = posts_sql!(posts_window!(space_in!()));
    const POSTS_NOT_IN: &str = posts_sql!(posts_window!(space_not_in!()));
    const POSTS_PER_SPACE: &str = posts_sql!(posts_window_per_space!());

    /// SQL: the newest 1,000 live comments on live posts matching the
    /// tsquery in spaces `$space` allows (on the post `p`): `id, post_id,
    /// space_id, title, body, search_tsv`.
    macro_rules! comments_window {
        ($space:expr) => {
            concat!(
                "select c.id, c.post_id, p.space_id, p.title, c.body, c.search_tsv
                from comments c
                join posts p on p.id = c.post_id
                where c.search_tsv @@ ",
                tsquery_expr!("$4", "$5"),
                "
                  and c.deleted_at is null
                  and p.deleted_at is null
                  and ",
                not_hidden_sql!("p.hidden_at", "p.author_id", "p.space_id"),
                " and ",
                not_hidden_sql!("c.hidden_at", "c.author_id", "p.space_id"),
                " and ",
                $space,
                "
                order by c.created_at desc, c.id desc
                limit 1000"
            )
        };
    }

    /// SQL: as `comments_window!`, for a viewer who reads the few spaces in
    /// `$7`, one space at a time (see `posts_window_per_space!`).
    macro_rules! comments_window_per_space {
        () => {
            concat!(
                "select x.id, x.post_id, x.space_id, x.title, x.body, x.search_tsv
                from unnest($7::uuid[]) as r (space_id)
                cross join lateral (
                    select c.id, c.post_id, p.space_id, p.title, c.body, c.search_tsv, c.created_at
                    from posts p
                    join comments c on c.post_id = p.id
                    where p.space_id = r.space_id
                      and p.deleted_at is null
                      and c.search_tsv @@ ",
                tsquery_expr!("$4", "$5"),
                "
                      and c.deleted_at is null
                      and ",
                not_hidden_sql!("p.hidden_at", "p.author_id", "p.space_id"),
                " and ",
                not_hidden_sql!("c.hidden_at", "c.author_id", "p.space_id"),
                "
                    order by c.created_at desc, c.id desc
                    limit 1000
                ) x
                order by x.created_at desc, x.id desc
                limit 1000"
            )
        };
    }

    // Viewer in $1..$3, the terms in $4, the prefix in $5, the limit in $6,
    // the spaces in $7 (`$window` says how they are used).
    macro_rules! comments_sql {
        ($window:expr) => {
            concat!(
                tsquery!("$4", "$5"),
                ", cand as (",
                $window,
                "), hits as (
                    select c.id, c.post_id, c.title, c.body, ts_rank(c.search_tsv, query.q, 1) as score
                    from cand c
                    cross join query
                    where ",
                can_read_space_sql!("c.space_id"),
                "
                    order by score desc, c.id
                    limit $6
                )
                select h.id, h.post_id, h.title, ",
                headline!("h.body"),
                ", null::text, null::text, h.score::float8
                from hits h
                cross join query
                order by h.score desc, h.id"
            )
        };
    }
    const COMMENTS_IN: &str = comments_sql!(comments_window!(space_in!()));
    const COMMENTS_NOT_IN: &str = comments_sql!(comments_window!(space_not_in!()));
    const COMMENTS_PER_SPACE: &str = comments_sql!(comments_window_per_space!());

    /// At most this many readable spaces are searched one at a time.
    const FEW_SPACES: usize = 64;

    // Viewer in $1..$3, the terms in $4, the prefix in $5, the limit in $6.
    const SPACES: &str = concat!(
        tsquery!("$4", "$5"),
        ", hits as (
            select s.id, s.name, s.description, ts_rank(s.search_tsv, query.q, 1) as score
            from spaces s
            cross join query
            where s.search_tsv @@ query.q
              and ",
        can_see_space_sql!("s.id"),
        "
            order by score desc, s.id
            limit $6
        )
        select h.id, null::uuid, h.name, ",
        headline!("h.description"),
        ", ",
        headline!("h.name"),
        ", null::text, h.score::float8
        from hits h
        cross join query
        order by h.score desc, h.id"
    );

    // The terms in $1, the prefix in $2, the limit in $3.
    const PEOPLE: &str = concat!(
        tsquery!("$1", "$2"),
        ", hits as (
            select p.id, p.name, p.handle, p.title, ts_rank(p.search_tsv, query.q, 1) as score
            from people p
            cross join query
            where p.search_tsv @@ query.q
              and p.is_active = true
            order by score desc, p.id
            limit $3
        )
        select h.id, null::uuid, h.name, ",
        headline!("h.name"),
        ", ",
        headline!("h.handle"),
        ", ",
        headline!("h.title"),
        ", h.score::float8
        from hits h
        cross join query
        order by h.score desc, h.id"
    );

    /// The two tsquery inputs: the complete terms for `websearch_to_tsquery`
    /// and the last term for `to_tsquery`, as a prefix when `prefix`. Terms
    /// are letters and digits only, so neither can be a syntax error.
    pub(super) fn tsquery_args(terms: &[String], prefix: bool) -> (String, String) {
        let (last, complete) = terms.split_last().map_or(("", &[][..]), |(l, c)| (l, c));
        let complete = complete
            .iter()
            .map(|t| format!("\"{}\"", t.replace('"', "")))
            .collect::<Vec<_>>()
            .join(" ");
        let last = format!(
            "'{}'{}",
            last.replace(['\'', '\\'], ""),
            if prefix { ":*" } else { "" }
        );
        (complete, last)
    }

    /// Undoes the `headline!` character swap.
    fn unmask(s: Option<String>) -> Option<String> {
        s.map(|s| {
            s.chars()
                .map(|c| match c {
                    '\u{3}' => '<',
                    '\u{4}' => '@',
                    '\u{5}' => '.',
                    '\u{6}' => '/',
                    '\u{7}' => ':',
                    c => c,
                })
                .collect()
        })
    }

    /// The best `limit` rows of one kind; `filter` is for posts and
    /// comments.
    ///
    /// Posts and comments are read without a prepared statement kept on the
    /// connection, so that each search is planned for its own words and
    /// spaces (a kept statement is planned once for any parameters after a
    /// few runs, and one plan cannot suit common and rare words both).
    pub(super) async fn fetch(
        pool: &PgPool,
        viewer: &Viewer,
        kind: SearchKind,
        terms: &[String],
        prefix: bool,
        limit: i64,
        filter: Option<SpaceFilter<'_>>,
    ) -> Result<Vec<Row>> {
        let (complete, prefix) = tsquery_args(terms, prefix);
        let filter = filter.unwrap_or(SpaceFilter::Except(&[]));
        let rows: Vec<Row> = match kind {
            SearchKind::Person => {
                sqlx::query_as(PEOPLE)
                    .bind(&complete)
                    .bind(&prefix)
                    .bind(limit)
                    .fetch_all(pool)
                    .await?
            }
            SearchKind::Space => {
                bind_viewer!(sqlx::query_as(SPACES), viewer)
                    .bind(&complete)
                    .bind(&prefix)
                    .bind(limit)
                    .fetch_all(pool)
                    .await?
            }
            SearchKind::Post | SearchKind::Comment => {
                let post = kind == SearchKind::Post;
                let (sql, spaces) = match filter {
                    SpaceFilter::Only([]) => return Ok(Vec::new()),
                    SpaceFilter::Only(ids) if ids.len() <= FEW_SPACES => (
                        if post {
                            POSTS_PER_SPACE
                        } else {
                            COMMENTS_PER_SPACE
                        },
                        ids,
                    ),
                    SpaceFilter::Only(ids) => (if post { POSTS_IN } else { COMMENTS_IN }, ids),
                    SpaceFilter::Except(ids) => {
                        (if post { POSTS_NOT_IN } else { COMMENTS_NOT_IN }, ids)
                    }
                };
                bind_viewer!(sqlx::query_as(sql).persistent(false), viewer)
                    .bind(&complete)
                    .bind(&prefix)
                    .bind(limit)
                    .bind(spaces)
                    .fetch_all(pool)
                    .await?
            }
        };
        Ok(rows
            .into_iter()
            .map(|(id, post, title, a, b, c, rank)| {
                (id, post, title, unmask(a), unmask(b), unmask(c), rank)
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_runs_of_letters_and_digits() {
        assert_eq!(
            terms("Blåbær-syltetøy, 2026!"),
            ["blåbær", "syltetøy", "2026"]
        );
        assert_eq!(
            terms("a:b NEAR(c) \"d\" -e *"),
            ["a", "b", "near", "c", "d", "e"]
        );
        assert!(terms("\" - * ( : 😀 '; --").is_empty());
        assert_eq!(terms(&"x ".repeat(40)).len(), MAX_TERMS);
    }

    #[test]
    fn fts5_query_quotes_every_term_and_prefixes_the_last() {
        let t = terms("drop table; near(posts");
        assert_eq!(
            sqlite::match_query(&t, true),
            "\"drop\" \"table\" \"near\" \"posts\"*"
        );
        assert_eq!(
            sqlite::match_query(&t, false),
            "\"drop\" \"table\" \"near\" \"posts\""
        );
    }

    #[test]
    fn fts5_queries_keep_to_few_spaces_or_leave_out_very_few() {
        let a = Uuid::from_u128(0xa);
        let b = Uuid::from_u128(0xb);
        let words = sqlite::match_query(&terms("near(x"), true);
        assert_eq!(
            sqlite::scoped_query(&words, SpaceFilter::Only(&[a, b])).unwrap(),
            format!(
                "(\"near\" \"x\"*) AND space : (\"s{}\" OR \"s{}\")",
                a.simple(),
                b.simple()
            )
        );
        assert_eq!(
            sqlite::scoped_query(&words, SpaceFilter::Except(&[a])).unwrap(),
            format!("(\"near\" \"x\"*) NOT space : (\"s{}\")", a.simple())
        );
        assert_eq!(
            sqlite::scoped_query(&words, SpaceFilter::Except(&[])).unwrap(),
            "\"near\" \"x\"*"
        );
        assert_eq!(sqlite::scoped_query(&words, SpaceFilter::Only(&[])), None);

        let ids = |n: u128| (0..n).map(Uuid::from_u128).collect::<Vec<_>>();
        let sets = |r: u128, u: u128| SpaceSets {
            readable: ids(r),
            unreadable: ids(u),
        };
        let few_readable = sets(3, 500);
        assert!(matches!(few_readable.shorter(), SpaceFilter::Only(x) if x.len() == 3));
        assert!(matches!(sqlite::narrowing(&few_readable), SpaceFilter::Only(x) if x.len() == 3));
        let few_unreadable = sets(500, 2);
        assert!(matches!(few_unreadable.shorter(), SpaceFilter::Except(x) if x.len() == 2));
        assert!(
            matches!(sqlite::narrowing(&few_unreadable), SpaceFilter::Except(x) if x.len() == 2)
        );
        let some_unreadable = sets(500, 40);
        assert!(matches!(some_unreadable.shorter(), SpaceFilter::Except(x) if x.len() == 40));
        assert!(matches!(
            sqlite::narrowing(&some_unreadable),
            SpaceFilter::Except([])
        ));
        let many_of_both = sets(300, 400);
        assert!(matches!(many_of_both.shorter(), SpaceFilter::Only(x) if x.len() == 300));
        assert!(matches!(
            sqlite::narrowing(&many_of_both),
            SpaceFilter::Except([])
        ));
    }

    #[test]
    fn tsquery_args_split_complete_terms_from_the_prefix() {
        let t = terms("black or white");
        assert_eq!(
            postgres::tsquery_args(&t, true),
            ("\"black\" \"or\"".to_owned(), "'white':*".to_owned())
        );
        assert_eq!(postgres::tsquery_args(&t, false).1, "'white'");
        assert_eq!(
            postgres::tsquery_args(&terms("solo"), true),
            (String::new(), "'solo':*".to_owned())
        );
    }

    #[test]
    fn highlight_escapes_html_and_marks_only_matches() {
        let raw = "<script>x</script> & \u{1}findme\u{2} \"q\" 'a'";
        assert_eq!(
            highlight(raw),
            "&lt;script&gt;x&lt;/script&gt; &amp; <mark>findme</mark> &quot;q&quot; &#39;a&#39;"
        );
    }

    #[test]
    fn highlight_balances_stray_markers() {
        assert_eq!(highlight("a\u{2}b\u{1}c\u{1}d"), "ab<mark>cd</mark>");
    }

    #[test]
    fn the_snippet_is_the_first_field_with_a_match() {
        let s = |v: &str| Some(v.to_owned());
        assert_eq!(
            pick_snippet([s("body"), s("\u{1}t\u{2}"), None]),
            "\u{1}t\u{2}"
        );
        assert_eq!(pick_snippet([s(""), s("name"), None]), "name");
        assert_eq!(pick_snippet([None, None, None]), "");
    }

    #[test]
    fn kinds_round_trip_through_their_wire_names() {
        for k in SearchKind::ALL {
            assert_eq!(SearchKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(SearchKind::parse("posts"), None);
    }
}
