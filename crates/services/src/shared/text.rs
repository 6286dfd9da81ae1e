//! Markdown bodies rendered once, with mentions resolved against the people
//! who exist. The rules for what text may hold at all (no control
//! characters, no bidirectional controls in free text) are
//! `samspill_domain::text`'s; the use cases apply them to their input.

use std::collections::HashMap;

use samspill_domain::PersonId;
use samspill_store::org::people;

use crate::shared::markdown;
use crate::{Ctx, Result};

/// Renders a body, linking mentions of people who exist; returns the HTML,
/// the mentioned people and the topics.
pub(crate) async fn render(ctx: &Ctx, body: &str) -> Result<(String, Vec<PersonId>, Vec<String>)> {
    let mut known: HashMap<String, (PersonId, String)> = HashMap::new();
    for handle in markdown::mentions(body) {
        if let Some(p) = people::find_person_by_handle(&ctx.db, &handle)
            .await?
            .filter(|p| p.is_active)
        {
            known.insert(handle, (p.id, p.name));
        }
    }
    let rendered = markdown::render(body, &|h: &str| known.get(h).map(|(_, n)| n.clone()));
    let mentioned = rendered
        .mentions
        .iter()
        .filter_map(|h| known.get(h).map(|(id, _)| *id))
        .collect();
    Ok((rendered.html, mentioned, rendered.topics))
}
