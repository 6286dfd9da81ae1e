//! What a new installation starts with: four values and version 1 of the
//! code of conduct, in English and Norwegian. Written after the migrations
//! on every start ([`crate::Db::migrate`]) and after a wipe
//! ([`crate::maintenance::wipe_all`]), from this one text for both
//! backends. Idempotent: the values only while there are none (so archived
//! or renamed ones stay as their admins left them), version 1 only while
//! no version exists. Ids are fixed, so every installation cites the
//! default rules by the same ids.

use samspill_domain::culture::{GuidelineRule, RuleId, ValueIcon, ValueId};
use time::OffsetDateTime;
use time::macros::datetime;
use uuid::Uuid;

use crate::db::on_tx;
use crate::{Result, Tx};

/// When the defaults count as written (fixed, so no clock is needed here).
const WRITTEN_AT: OffsetDateTime = datetime!(2026-01-01 0:00 UTC);

const fn id(n: u128) -> Uuid {
    // UUIDv7-shaped (version 7, variant 10) with a fixed prefix.
    Uuid::from_u128(0x0194_0000_0000_7000_8000_0000_0000_0000 | n)
}

/// The default values: name, description, icon.
pub const VALUES: [(&str, &str, ValueIcon); 4] = [
    (
        "Openness",
        "We share what we know and say what we think, early and kindly.",
        ValueIcon::Lightbulb,
    ),
    (
        "Collaboration",
        "We win together: across units, client sites and time zones.",
        ValueIcon::Users,
    ),
    (
        "Courage",
        "We try new things, ask the hard question and own our mistakes.",
        ValueIcon::Compass,
    ),
    (
        "Care",
        "We look after each other, our clients and the work.",
        ValueIcon::Heart,
    ),
];

/// The id of default rule `n` (1-based).
#[must_use]
pub const fn rule_id(n: u128) -> RuleId {
    RuleId::from_uuid(id(0x100 + n))
}

/// Version 1 of the code of conduct.
#[must_use]
pub fn rules() -> Vec<GuidelineRule> {
    const RULES: [(&str, &str, &str, &str); 5] = [
        (
            "Be respectful",
            "Vis respekt",
            "Treat colleagues as you would face to face: disagree with ideas, not with people. No harassment, discrimination or personal attacks.",
            "Behandle kolleger slik du ville gjort ansikt til ansikt: vær uenig med ideer, ikke med mennesker. Ingen trakassering, diskriminering eller personangrep.",
        ),
        (
            "Share in good faith",
            "Del i god tro",
            "Say what you know and what you think, honestly. Mark a guess as a guess, and correct yourself when you were wrong.",
            "Si det du vet og det du mener, ærlig. Si fra når noe er en antakelse, og rett opp når du tok feil.",
        ),
        (
            "Protect confidential information",
            "Beskytt fortrolig informasjon",
            "Do not post client secrets, personal data about others, passwords or anything you may not share, not even in a secret space.",
            "Ikke del kunders hemmeligheter, personopplysninger om andre, passord eller noe du ikke har lov til å dele, heller ikke i et hemmelig rom.",
        ),
        (
            "Keep it relevant",
            "Hold deg til saken",
            "Post where it belongs and keep threads on topic; communities are the place for hobbies and small talk.",
            "Legg innlegg der de hører hjemme og hold trådene til saken; fellesskapene er stedet for hobbyer og småprat.",
        ),
        (
            "Report, don't retaliate",
            "Meld fra, ikke gjengjeld",
            "If something breaks these rules, report it to the moderators instead of answering in kind.",
            "Hvis noe bryter disse reglene, meld fra til moderatorene i stedet for å svare med samme mynt.",
        ),
    ];
    RULES
        .iter()
        .zip(1_u128..)
        .map(|((te, tn, be, bn), n)| GuidelineRule {
            id: rule_id(n),
            number: i64::try_from(n).unwrap_or(i64::MAX),
            title_en: (*te).to_owned(),
            title_nb: (*tn).to_owned(),
            body_en: (*be).to_owned(),
            body_nb: (*bn).to_owned(),
        })
        .collect()
}

/// Writes the defaults where they are missing.
pub async fn write(tx: &mut Tx) -> Result<()> {
    const COUNT_VALUES: &str = "select count(*) from org_values";
    const COUNT_VERSIONS: &str = "select count(*) from guideline_versions";
    let values: i64 = on_tx!(tx, |c| sqlx::query_scalar(COUNT_VALUES).fetch_one(c).await)?;
    if values == 0 {
        for ((name, description, icon), n) in VALUES.iter().zip(1_u128..) {
            super::values::insert_value(
                tx,
                ValueId::from_uuid(id(n)),
                name,
                description,
                *icon,
                WRITTEN_AT,
            )
            .await?;
        }
    }
    let versions: i64 = on_tx!(tx, |c| sqlx::query_scalar(COUNT_VERSIONS)
        .fetch_one(c)
        .await)?;
    if versions == 0 {
        super::guidelines::insert_version(tx, 1, None, WRITTEN_AT, &rules()).await?;
    }
    Ok(())
}
