//! Each backend's schema as its catalog reports it, reduced to what both
//! backends must agree on, and the list of what differs by design.

use std::collections::{BTreeMap, BTreeSet};

use samspill_store::Db;
use sqlx::Row;

/// Which catalog an allow-list entry belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Sqlite,
    Postgres,
    Both,
}

/// A catalog object, by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Object {
    /// A whole table (its columns, keys and indexes too).
    Table(String),
    /// One column of a table that is otherwise compared.
    Column(String, String),
    /// One named index.
    Index(String),
}

/// An object left out of the comparison, on one side or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Allowed {
    pub(crate) side: Side,
    pub(crate) object: Object,
}

fn allow(side: Side, object: Object) -> Allowed {
    Allowed { side, object }
}

/// Everything that differs between the backends by design; nothing else may.
///
/// Not here because compared another way: the indexes each backend makes
/// for primary keys and unique constraints are named by the backend
/// (`sqlite_autoindex_units_1` against `units_pkey`), so those are compared
/// as constraints, by their columns, instead of as named indexes.
pub(crate) fn allowed() -> Vec<Allowed> {
    let mut list = vec![
        // sqlx's own bookkeeping, made by sqlx with driver-specific types.
        allow(Side::Both, Object::Table("_sqlx_migrations".into())),
    ];
    // Full-text search is backend-specific by design (store::search, 0003_search.sql).
    // SQLite: one FTS5 external-content virtual table per searchable table, and the
    // shadow tables FTS5 keeps behind each (external content: no `_content` table).
    for fts in ["posts_fts", "comments_fts", "people_fts", "spaces_fts"] {
        list.push(allow(Side::Sqlite, Object::Table(fts.into())));
        for shadow in ["data", "idx", "docsize", "config"] {
            list.push(allow(
                Side::Sqlite,
                Object::Table(format!("{fts}_{shadow}")),
            ));
        }
    }
    // PostgreSQL: a stored generated tsvector column on the searchable table itself,
    // with a GIN index on it.
    for (table, index) in [
        ("posts", "posts_search"),
        ("comments", "comments_search"),
        ("people", "people_search"),
        ("spaces", "spaces_search"),
    ] {
        list.push(allow(
            Side::Postgres,
            Object::Column(table.into(), "search_tsv".into()),
        ));
        list.push(allow(Side::Postgres, Object::Index(index.into())));
    }
    list
}

/// The allow-list as one reader applies it: which entries it used.
pub(crate) struct Filter<'a> {
    list: &'a [Allowed],
    reader: Side,
    /// Positions in `list` of the entries that matched an object.
    pub(crate) used: BTreeSet<usize>,
}

impl<'a> Filter<'a> {
    pub(crate) fn new(list: &'a [Allowed], reader: Side) -> Self {
        Self {
            list,
            reader,
            used: BTreeSet::new(),
        }
    }

    /// True when `object` is left out on this reader's side.
    fn skips(&mut self, object: Object) -> bool {
        let found = self
            .list
            .iter()
            .position(|a| (a.side == self.reader || a.side == Side::Both) && a.object == object);
        if let Some(i) = found {
            self.used.insert(i);
        }
        found.is_some()
    }
}

#[derive(Debug, Default)]
pub(crate) struct Schema {
    pub(crate) tables: BTreeMap<String, Table>,
}

#[derive(Debug, Default)]
pub(crate) struct Table {
    /// Name → (type class, not null).
    pub(crate) columns: BTreeMap<String, (String, bool)>,
    pub(crate) primary_key: Vec<String>,
    /// Unique constraints, by their columns in order.
    pub(crate) uniques: BTreeSet<Vec<String>>,
    pub(crate) foreign_keys: BTreeSet<ForeignKey>,
    /// Named (`create index`) indexes.
    pub(crate) indexes: BTreeMap<String, Index>,
    /// SQLite only: a STRICT table (types enforced, primary key not null).
    pub(crate) strict: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct ForeignKey {
    pub(crate) columns: Vec<String>,
    pub(crate) references: String,
    pub(crate) referenced_columns: Vec<String>,
    pub(crate) on_delete: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Index {
    pub(crate) columns: Vec<String>,
    pub(crate) unique: bool,
    /// The partial index's predicate, normalized (see [`predicate`]).
    pub(crate) predicate: Option<String>,
}

/// The coarse type class of a SQLite column: its declared STRICT type.
fn sqlite_class(declared: &str) -> String {
    declared.to_lowercase()
}

/// The coarse type class of a PostgreSQL column: the SQLite type that holds
/// the same Rust value (CONVENTIONS.md §4: `Uuid` blob/uuid, time text/timestamptz,
/// `bool` and `i64` integer/boolean and bigint, `String` text/text; JSON is text
/// in SQLite). Anything else keeps its own name and so differs, e.g. `int4`,
/// which sqlx will not decode into the `i64` that SQLite's integer gives.
fn postgres_class(udt: &str) -> String {
    match udt {
        "uuid" | "bytea" => "blob",
        "text" | "timestamptz" | "jsonb" | "json" => "text",
        "int8" | "bool" => "integer",
        "float8" => "real",
        other => other,
    }
    .to_owned()
}

/// A partial index's predicate in a form both catalogs produce alike:
/// lowercase, without parentheses, white space or `::type` casts, so that
/// SQLite's `deleted_at is null` and PostgreSQL's `(deleted_at IS NULL)` agree.
fn predicate(sql: &str) -> String {
    let lower = sql.to_lowercase();
    let mut out = String::new();
    let mut chars = lower.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            while chars
                .peek()
                .is_some_and(|c| c.is_alphanumeric() || *c == '_')
            {
                chars.next();
            }
        } else if !(c.is_whitespace() || c == '(' || c == ')') {
            out.push(c);
        }
    }
    out
}

/// SQLite's schema, less what `filter` leaves out.
pub(crate) async fn read_sqlite(db: &Db, filter: &mut Filter<'_>) -> Schema {
    let Db::Sqlite(pool) = db else {
        panic!("not a SQLite database")
    };
    let pool: &sqlx::SqlitePool = pool;
    let rows = sqlx::query(
        "select name, strict from pragma_table_list
         where schema = 'main' and type in ('table', 'virtual', 'shadow')
           and name not like 'sqlite\\_%' escape '\\'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut schema = Schema::default();
    for row in rows {
        let name: String = row.get(0);
        if filter.skips(Object::Table(name.clone())) {
            continue;
        }
        let mut table = Table {
            strict: row.get::<bool, _>(1),
            ..Table::default()
        };
        let columns = sqlx::query(
            "select name, type, \"notnull\", pk from pragma_table_info($1) order by cid",
        )
        .bind(&name)
        .fetch_all(pool)
        .await
        .unwrap();
        let mut pk = Vec::new();
        for c in columns {
            let column: String = c.get(0);
            if filter.skips(Object::Column(name.clone(), column.clone())) {
                continue;
            }
            let (declared, not_null, pk_position): (String, bool, i64) =
                (c.get(1), c.get(2), c.get(3));
            if pk_position > 0 {
                pk.push((pk_position, column.clone()));
            }
            // In a STRICT table a primary-key column is NOT NULL without saying
            // so (a table that is not STRICT is reported as a difference).
            let not_null = not_null || (pk_position > 0 && table.strict);
            table
                .columns
                .insert(column, (sqlite_class(&declared), not_null));
        }
        pk.sort();
        table.primary_key = pk.into_iter().map(|(_, c)| c).collect();

        let indexes =
            sqlx::query("select name, \"unique\", origin, partial from pragma_index_list($1)")
                .bind(&name)
                .fetch_all(pool)
                .await
                .unwrap();
        for i in indexes {
            let (index, unique, origin, partial): (String, bool, String, bool) =
                (i.get(0), i.get(1), i.get(2), i.get(3));
            let columns: Vec<String> =
                sqlx::query("select name from pragma_index_info($1) order by seqno")
                    .bind(&index)
                    .fetch_all(pool)
                    .await
                    .unwrap()
                    .iter()
                    .map(|c| {
                        c.get::<Option<String>, _>(0)
                            .unwrap_or_else(|| "<expression>".into())
                    })
                    .collect();
            match origin.as_str() {
                // The primary key's own index: compared as table.primary_key.
                "pk" => {}
                "u" => {
                    table.uniques.insert(columns);
                }
                _ => {
                    if filter.skips(Object::Index(index.clone())) {
                        continue;
                    }
                    let predicate = if partial {
                        let sql: String = sqlx::query(
                            "select sql from sqlite_master where type = 'index' and name = $1",
                        )
                        .bind(&index)
                        .fetch_one(pool)
                        .await
                        .unwrap()
                        .get(0);
                        let at = sql
                            .to_lowercase()
                            .rfind(" where ")
                            .unwrap_or_else(|| panic!("no predicate in {sql}"));
                        Some(predicate(&sql[at + " where ".len()..]))
                    } else {
                        None
                    };
                    table.indexes.insert(
                        index,
                        Index {
                            columns,
                            unique,
                            predicate,
                        },
                    );
                }
            }
        }

        let fks = sqlx::query(
            "select id, \"table\", \"from\", \"to\", on_delete
             from pragma_foreign_key_list($1) order by id, seq",
        )
        .bind(&name)
        .fetch_all(pool)
        .await
        .unwrap();
        let mut by_id: BTreeMap<i64, ForeignKey> = BTreeMap::new();
        for f in fks {
            let fk = by_id.entry(f.get(0)).or_insert_with(|| ForeignKey {
                columns: Vec::new(),
                references: f.get(1),
                referenced_columns: Vec::new(),
                on_delete: f.get::<String, _>(4).to_lowercase(),
            });
            fk.columns.push(f.get(2));
            // `references t` without columns means t's primary key; every
            // migration names the column, so say so rather than guess.
            fk.referenced_columns.push(
                f.get::<Option<String>, _>(3)
                    .unwrap_or_else(|| "<primary key>".into()),
            );
        }
        table.foreign_keys = by_id.into_values().collect();
        schema.tables.insert(name, table);
    }
    schema
}

/// PostgreSQL's schema (`public`), less what `filter` leaves out.
pub(crate) async fn read_postgres(db: &Db, filter: &mut Filter<'_>) -> Schema {
    let Db::Postgres(pool) = db else {
        panic!("not a PostgreSQL database")
    };
    let mut schema = Schema::default();
    let tables = sqlx::query(
        "select table_name::text from information_schema.tables
         where table_schema = 'public' and table_type = 'BASE TABLE'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for row in tables {
        let name: String = row.get(0);
        if filter.skips(Object::Table(name.clone())) {
            continue;
        }
        // PostgreSQL always enforces types and primary keys.
        let table = Table {
            strict: true,
            ..Table::default()
        };
        schema.tables.insert(name, table);
    }

    let columns = sqlx::query(
        "select table_name::text, column_name::text, udt_name::text, is_nullable::text
         from information_schema.columns
         where table_schema = 'public'
         order by table_name, ordinal_position",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for c in columns {
        let (table, column): (String, String) = (c.get(0), c.get(1));
        let Some(t) = schema.tables.get_mut(&table) else {
            continue;
        };
        if filter.skips(Object::Column(table, column.clone())) {
            continue;
        }
        let not_null = c.get::<String, _>(3) == "NO";
        t.columns
            .insert(column, (postgres_class(&c.get::<String, _>(2)), not_null));
    }

    let constraints = sqlx::query(
        "select t.relname::text, c.contype::text,
            array(select a.attname::text from unnest(c.conkey) with ordinality k(attnum, n)
                  join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
                  order by k.n),
            r.relname::text,
            array(select a.attname::text from unnest(c.confkey) with ordinality k(attnum, n)
                  join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum
                  order by k.n),
            c.confdeltype::text
         from pg_constraint c
         join pg_class t on t.oid = c.conrelid
         join pg_namespace n on n.oid = t.relnamespace
         left join pg_class r on r.oid = c.confrelid
         where n.nspname = 'public' and c.contype in ('p', 'u', 'f')",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for c in constraints {
        let table: String = c.get(0);
        let Some(t) = schema.tables.get_mut(&table) else {
            continue;
        };
        let columns: Vec<String> = c.get(2);
        match c.get::<String, _>(1).as_str() {
            "p" => t.primary_key = columns,
            "u" => {
                t.uniques.insert(columns);
            }
            _ => {
                let on_delete = match c.get::<String, _>(5).as_str() {
                    "a" => "no action",
                    "r" => "restrict",
                    "c" => "cascade",
                    "n" => "set null",
                    "d" => "set default",
                    other => panic!("unknown confdeltype {other}"),
                };
                t.foreign_keys.insert(ForeignKey {
                    columns,
                    references: c.get(3),
                    referenced_columns: c.get(4),
                    on_delete: on_delete.to_owned(),
                });
            }
        }
    }

    // Indexes that do not back a primary key, unique or exclusion constraint.
    let indexes = sqlx::query(
        "select t.relname::text, i.relname::text, x.indisunique,
            array(select pg_get_indexdef(x.indexrelid, k, true)
                  from generate_series(1, x.indnkeyatts::int) k order by k),
            pg_get_expr(x.indpred, x.indrelid, true)
         from pg_index x
         join pg_class i on i.oid = x.indexrelid
         join pg_class t on t.oid = x.indrelid
         join pg_namespace n on n.oid = t.relnamespace
         where n.nspname = 'public'
           and not exists (select 1 from pg_constraint c
                           where c.conindid = x.indexrelid and c.contype in ('p', 'u', 'x'))",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for i in indexes {
        let (table, index): (String, String) = (i.get(0), i.get(1));
        let Some(t) = schema.tables.get_mut(&table) else {
            continue;
        };
        if filter.skips(Object::Index(index.clone())) {
            continue;
        }
        let columns: Vec<String> = i.get(3);
        t.indexes.insert(
            index,
            Index {
                // pg_get_indexdef quotes a column named like a keyword (`position`).
                columns: columns
                    .iter()
                    .map(|c| c.trim_matches('"').to_owned())
                    .collect(),
                unique: i.get(2),
                predicate: i.get::<Option<String>, _>(4).as_deref().map(predicate),
            },
        );
    }
    schema
}

/// Every way `lite` and `pg` disagree, one line each.
pub(crate) fn differences(lite: &Schema, pg: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    for name in lite.tables.keys().filter(|t| !pg.tables.contains_key(*t)) {
        out.push(format!("table {name}: only on SQLite"));
    }
    for name in pg.tables.keys().filter(|t| !lite.tables.contains_key(*t)) {
        out.push(format!("table {name}: only on PostgreSQL"));
    }
    for (name, l) in &lite.tables {
        let Some(p) = pg.tables.get(name) else {
            continue;
        };
        if !l.strict {
            out.push(format!(
                "table {name}: not STRICT on SQLite (types unenforced)"
            ));
        }
        for (column, lc) in &l.columns {
            match p.columns.get(column) {
                None => out.push(format!("column {name}.{column}: only on SQLite")),
                Some(pc) if pc != lc => out.push(format!(
                    "column {name}.{column}: SQLite {} {}, PostgreSQL {} {}",
                    lc.0,
                    null_word(lc.1),
                    pc.0,
                    null_word(pc.1)
                )),
                Some(_) => {}
            }
        }
        for column in p.columns.keys().filter(|c| !l.columns.contains_key(*c)) {
            out.push(format!("column {name}.{column}: only on PostgreSQL"));
        }
        if l.primary_key != p.primary_key {
            out.push(format!(
                "primary key of {name}: SQLite {:?}, PostgreSQL {:?}",
                l.primary_key, p.primary_key
            ));
        }
        for u in l.uniques.difference(&p.uniques) {
            out.push(format!("unique constraint {name} {u:?}: only on SQLite"));
        }
        for u in p.uniques.difference(&l.uniques) {
            out.push(format!(
                "unique constraint {name} {u:?}: only on PostgreSQL"
            ));
        }
        for fk in l.foreign_keys.difference(&p.foreign_keys) {
            out.push(format!("foreign key {name} {fk:?}: only on SQLite"));
        }
        for fk in p.foreign_keys.difference(&l.foreign_keys) {
            out.push(format!("foreign key {name} {fk:?}: only on PostgreSQL"));
        }
        for (index, li) in &l.indexes {
            match p.indexes.get(index) {
                None => out.push(format!("index {index} on {name}: only on SQLite")),
                Some(pi) if pi != li => out.push(format!(
                    "index {index} on {name}: SQLite {li:?}, PostgreSQL {pi:?}"
                )),
                Some(_) => {}
            }
        }
        for index in p.indexes.keys().filter(|i| !l.indexes.contains_key(*i)) {
            out.push(format!("index {index} on {name}: only on PostgreSQL"));
        }
    }
    out
}

fn null_word(not_null: bool) -> &'static str {
    if not_null { "not null" } else { "null" }
}

#[test]
fn predicates_of_both_catalogs_normalize_alike() {
    assert_eq!(
        predicate("deleted_at is null"),
        predicate("(deleted_at IS NULL)")
    );
    assert_eq!(
        predicate("important = true"),
        predicate("(important = true)")
    );
    assert_eq!(predicate("kind = 'x'"), predicate("(kind = 'x'::text)"));
    assert_ne!(
        predicate("important = true"),
        predicate("important = false")
    );
}

#[test]
fn postgres_types_map_to_the_sqlite_type_that_holds_the_same_value() {
    for (pg, lite) in [
        ("uuid", "blob"),
        ("timestamptz", "text"),
        ("text", "text"),
        ("jsonb", "text"),
        ("bool", "integer"),
        ("int8", "integer"),
    ] {
        assert_eq!(postgres_class(pg), sqlite_class(lite), "{pg}");
    }
    assert_ne!(postgres_class("int4"), sqlite_class("integer"));
    assert_ne!(postgres_class("timestamp"), sqlite_class("text"));
}
