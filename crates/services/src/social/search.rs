//! Search: one box over posts, comments, people and spaces.
//!
//! This checks the request (kind, limit, query length) and asks the store,
//! which decides visibility inside its SQL and makes the snippets safe HTML
//! (see `samspill_store::social::search`). Any query text is accepted up to
//! [`MAX_QUERY_CHARS`]; one without letters or digits finds nothing.

use samspill_domain::ValidationError;
use samspill_store::social::search as store;

pub use samspill_store::social::search::SearchHit;

use crate::{Actor, Ctx, Error, Result, shared::page};
pub use samspill_store::social::search::SearchKind;

/// The longest query, in characters.
pub const MAX_QUERY_CHARS: usize = 200;

/// What `actor` may see that matches `q`, best match first.
///
/// `kind` narrows to `post`, `comment`, `person` or `space`; `limit` is a
/// page size as everywhere (1–100, default 20).
///
/// # Errors
/// `Invalid` (fields `type`, `limit`, `q`) for an unknown kind, a bad limit
/// or a query over [`MAX_QUERY_CHARS`].
#[tracing::instrument(skip_all, fields(person.id = %actor.id))]
pub async fn search(
    ctx: &Ctx,
    actor: &Actor,
    q: &str,
    kind: Option<&str>,
    limit: Option<i64>,
) -> Result<Vec<SearchHit>> {
    let mut errors = Vec::new();
    let kind = kind.map(SearchKind::parse);
    if kind == Some(None) {
        errors.push(ValidationError::new(
            "type",
            "invalid",
            "type must be post, comment, person or space",
        ));
    }
    let limit = page::limit(limit).map_err(|e| errors.push(e)).ok();
    if q.chars().count() > MAX_QUERY_CHARS {
        errors.push(ValidationError::new(
            "q",
            "too_long",
            format!("the query must be at most {MAX_QUERY_CHARS} characters"),
        ));
    }
    let Some(limit) = limit.filter(|_| errors.is_empty()) else {
        return Err(Error::Invalid(errors));
    };
    Ok(store::search(&ctx.db, &actor.viewer(), q, kind.flatten(), limit).await?)
}
