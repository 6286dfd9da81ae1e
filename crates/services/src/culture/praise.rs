//! Praise: a post of kind `praise` names 1–20 recipients and one active
//! value. Written by `social::posts::create_post` through [`check`] and
//! [`record`]; read here as the values page (praise per value by month,
//! recent praise) and a person's praise received. Every read goes through
//! the one visibility predicate: a reader counts and sees only praise in
//! spaces they may read.

use std::collections::BTreeMap;

use samspill_domain::culture::{ValueId, praise_recipients};
use samspill_domain::{PersonId, PostId, PostKind, ValidationError};
use samspill_store::Tx;
use samspill_store::culture::{praise, values};
use samspill_store::org::people;
use samspill_store::social::posts;
use time::{Date, Month, OffsetDateTime};

use crate::shared::live::LiveEvent;
use crate::shared::notify::{notification, notify};
use crate::social::posts::{PostDetail, summaries};
use crate::{Actor, Ctx, Error, Result};
pub use samspill_store::culture::praise::{PraiseView, Recipient};
pub use samspill_store::culture::values::ValueView;

/// What a praise post needs, checked before its transaction.
#[derive(Debug, Clone)]
pub struct CheckedPraise {
    /// Distinct, active people.
    pub recipients: Vec<PersonId>,
    /// The value (active when checked; checked again when written).
    pub value: ValueView,
}

fn invalid(field: &'static str, code: &'static str, message: &str) -> Error {
    Error::Invalid(vec![ValidationError::new(field, code, message.to_owned())])
}

/// Checks a post's praise fields: for `praise`, 1–20 active people (not the
/// author alone) and an active value; for any other kind, none of them.
///
/// # Errors
/// `Invalid` with `recipient_ids` or `value_id`.
pub async fn check(
    ctx: &Ctx,
    actor: &Actor,
    kind: PostKind,
    recipients: &[PersonId],
    value: Option<ValueId>,
) -> Result<Option<CheckedPraise>> {
    if kind != PostKind::Praise {
        if !recipients.is_empty() {
            return Err(invalid(
                "recipient_ids",
                "invalid",
                "only praise names recipients",
            ));
        }
        if value.is_some() {
            return Err(invalid("value_id", "invalid", "only praise names a value"));
        }
        return Ok(None);
    }
    let mut errors = Vec::new();
    let recipients = match praise_recipients(actor.id, recipients) {
        Ok(list) => {
            let known = praise::active_people(&ctx.db, &list).await?;
            if known.len() == list.len() {
                list
            } else {
                errors.push(ValidationError::new(
                    "recipient_ids",
                    "unknown",
                    "every recipient is an active person",
                ));
                Vec::new()
            }
        }
        Err(e) => {
            errors.push(e);
            Vec::new()
        }
    };
    let value = match value {
        None => {
            errors.push(ValidationError::new(
                "value_id",
                "required",
                "praise names one of the values",
            ));
            None
        }
        Some(id) => match values::find_value(&ctx.db, id).await? {
            Some(v) if v.archived_at.is_none() => Some(v),
            _ => {
                errors.push(ValidationError::new(
                    "value_id",
                    "invalid",
                    "not an active value",
                ));
                None
            }
        },
    };
    match value {
        Some(value) if errors.is_empty() => Ok(Some(CheckedPraise { recipients, value })),
        _ => Err(Error::Invalid(errors)),
    }
}

/// Writes a praise post's value and recipients, in the post's transaction,
/// and tells the recipients (kind `praise`). The value is read again here,
/// so one archived in the meantime is refused.
///
/// # Errors
/// `Invalid` when the value was archived since [`check`].
pub async fn record(
    tx: &mut Tx,
    actor: &Actor,
    post: PostId,
    p: &CheckedPraise,
    at: OffsetDateTime,
) -> Result<Vec<LiveEvent>> {
    match values::find_value_tx(tx, p.value.id).await? {
        Some(v) if v.archived_at.is_none() => {}
        _ => return Err(invalid("value_id", "invalid", "not an active value")),
    }
    praise::insert_praise(tx, post, p.value.id, &p.recipients, at).await?;
    let list = p
        .recipients
        .iter()
        .map(|r| notification(*r, "praise", actor, post, None, at))
        .collect();
    notify(tx, list, actor).await
}

/// The praise of one post as [`PraiseView`] (for a post built by its use
/// case, without reading it back).
#[must_use]
pub fn view_of(p: &CheckedPraise, recipients: Vec<Recipient>) -> PraiseView {
    PraiseView {
        value_id: p.value.id,
        value_name: p.value.name.clone(),
        value_icon: p.value.icon,
        recipients,
    }
}

/// The recipients as a post shows them, by name.
///
/// # Errors
/// Storage failures.
pub async fn recipients_of(ctx: &Ctx, ids: &[PersonId]) -> Result<Vec<Recipient>> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(p) = people::find_person(&ctx.db, *id).await? {
            out.push(Recipient {
                id: p.id,
                handle: p.handle,
                name: p.name,
            });
        }
    }
    out.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.id.cmp(&b.id))
    });
    Ok(out)
}

/// One value on the values page.
#[derive(Debug, Clone)]
pub struct ValueStats {
    /// The value.
    pub value: ValueView,
    /// Praise the reader may read, per month of [`ValuesPage::months`].
    pub per_month: Vec<i64>,
    /// Their sum.
    pub total: i64,
}

/// The values page: recognition per value over the last months, and
/// recent praise.
#[derive(Debug, Clone)]
pub struct ValuesPage {
    /// The months shown, oldest first, as `YYYY-MM` (UTC).
    pub months: Vec<String>,
    /// Active values, and archived ones that have praise in the window.
    pub values: Vec<ValueStats>,
    /// Recent praise the reader may read, newest first.
    pub recent: Vec<PostDetail>,
}

fn month_start(t: OffsetDateTime, back: u32) -> Date {
    let mut y = t.year();
    let mut m = u32::from(u8::from(t.month()));
    for _ in 0..back {
        if m == 1 {
            m = 12;
            y -= 1;
        } else {
            m -= 1;
        }
    }
    let month = Month::try_from(u8::try_from(m).unwrap_or(1)).unwrap_or(Month::January);
    Date::from_calendar_date(y, month, 1).unwrap_or(t.date())
}

fn month_key(d: Date) -> String {
    format!("{:04}-{:02}", d.year(), u8::from(d.month()))
}

/// The values page over the last `months` months (1–24, this one included).
///
/// # Errors
/// `Invalid` for a window outside 1–24.
pub async fn values_page(ctx: &Ctx, actor: &Actor, months: u32) -> Result<ValuesPage> {
    if !(1..=24).contains(&months) {
        return Err(invalid("months", "invalid", "1 to 24 months"));
    }
    let now = ctx.now();
    let first = month_start(now, months - 1);
    let keys: Vec<String> = (0..months)
        .rev()
        .map(|back| month_key(month_start(now, back)))
        .collect();
    let since = first.midnight().assume_utc();
    let times = praise::visible_praise_times(&ctx.db, &actor.viewer(), since).await?;
    let mut counts: BTreeMap<(ValueId, String), i64> = BTreeMap::new();
    for (value, at) in times {
        let key = month_key(month_start(at, 0));
        *counts.entry((value, key)).or_default() += 1;
    }
    let mut out = Vec::new();
    for value in values::list_values(&ctx.db).await? {
        let per_month: Vec<i64> = keys
            .iter()
            .map(|k| counts.get(&(value.id, k.clone())).copied().unwrap_or(0))
            .collect();
        let total = per_month.iter().sum();
        if value.archived_at.is_none() || total > 0 {
            out.push(ValueStats {
                value,
                per_month,
                total,
            });
        }
    }
    let recent = posts::list_praise_posts(&ctx.db, &actor.viewer(), None, None, 10).await?;
    Ok(ValuesPage {
        months: keys,
        values: out,
        recent: summaries(ctx, actor, recent).await?,
    })
}

/// Recent praise of one value that the reader may read (archived values
/// too), newest first.
///
/// # Errors
/// `NotFound` for an unknown value.
pub async fn praise_of_value(
    ctx: &Ctx,
    actor: &Actor,
    value: ValueId,
    limit: i64,
) -> Result<Vec<PostDetail>> {
    values::find_value(&ctx.db, value)
        .await?
        .ok_or(Error::NotFound)?;
    let list = posts::list_praise_posts(
        &ctx.db,
        &actor.viewer(),
        Some(value.as_uuid()),
        None,
        limit.clamp(1, 100),
    )
    .await?;
    summaries(ctx, actor, list).await
}

/// The praise a person received that the reader may read, newest first.
///
/// # Errors
/// Storage failures.
pub async fn praise_received(
    ctx: &Ctx,
    actor: &Actor,
    person: PersonId,
    limit: i64,
) -> Result<Vec<PostDetail>> {
    let list = posts::list_praise_posts(
        &ctx.db,
        &actor.viewer(),
        None,
        Some(person),
        limit.clamp(1, 100),
    )
    .await?;
    summaries(ctx, actor, list).await
}
