//! The demo organization: Fjordlys, a consultancy of about 300 people in 22
//! units over four levels, with a leader on every unit and about a third of
//! the people at client sites. It is generated from a fixed seed as an
//! org-chart CSV and loaded through the real import, so the demo exercises
//! the same path as a customer's first import.
//!
//! Every demo account gets the same password ([`DEMO_PASSWORD`]), so any
//! person can be tried; three are named for the sign-in hint.
//!
//! The organization is then given four months of simulated activity (posts,
//! threads, reactions, polls, communities, follows) by leaders of different
//! styles and their people; see `demo_content`.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::sync::Arc;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use samspill_services::org::import::{self, ImportError, Progress};
use samspill_services::{Ctx, Error, FixedClock, Result, auth};
use samspill_store::{maintenance, org::people};
use time::Duration;

use crate::demo_content;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "samspill-demo";
/// The demo administrator.
pub const DEMO_ADMIN: &str = "ingrid.solberg@fjordlys.no";
/// A demo leader (head of Data & AI).
pub const DEMO_LEADER: &str = "henrik.lund@fjordlys.no";
/// A demo employee (a consultant at a client site).
pub const DEMO_EMPLOYEE: &str = "sara.ahmed@fjordlys.no";

/// `(path, leader title, team size, share at client sites, member titles)`.
const UNITS: &[(&str, &str, usize, f64, &[&str])] = &[
    ("Fjordlys", "CEO", 2, 0.0, &["Executive Assistant"]),
    (
        "Fjordlys/Consulting",
        "Director of Consulting",
        1,
        0.0,
        &["Engagement Manager"],
    ),
    (
        "Fjordlys/Consulting/Data & AI",
        "Head of Data & AI",
        2,
        0.3,
        &["Principal Consultant"],
    ),
    (
        "Fjordlys/Consulting/Data & AI/Data Platform",
        "Team Lead",
        22,
        0.46,
        &["Data Engineer", "Senior Data Engineer", "Consultant"],
    ),
    (
        "Fjordlys/Consulting/Data & AI/Machine Learning",
        "Team Lead",
        20,
        0.42,
        &["ML Engineer", "Data Scientist", "Senior Consultant"],
    ),
    (
        "Fjordlys/Consulting/Data & AI/Analytics",
        "Team Lead",
        19,
        0.42,
        &["Analytics Engineer", "BI Consultant"],
    ),
    (
        "Fjordlys/Consulting/Cloud",
        "Head of Cloud",
        2,
        0.3,
        &["Principal Architect"],
    ),
    (
        "Fjordlys/Consulting/Cloud/Cloud Native",
        "Team Lead",
        22,
        0.46,
        &["Cloud Engineer", "Senior Consultant", "DevOps Engineer"],
    ),
    (
        "Fjordlys/Consulting/Cloud/Platform Engineering",
        "Team Lead",
        20,
        0.42,
        &["Platform Engineer", "Site Reliability Engineer"],
    ),
    (
        "Fjordlys/Consulting/Software",
        "Head of Software",
        2,
        0.3,
        &["Principal Developer"],
    ),
    (
        "Fjordlys/Consulting/Software/Web",
        "Team Lead",
        25,
        0.46,
        &["Developer", "Senior Developer", "Frontend Developer"],
    ),
    (
        "Fjordlys/Consulting/Software/Mobile",
        "Team Lead",
        18,
        0.42,
        &["Mobile Developer", "Senior Developer"],
    ),
    (
        "Fjordlys/Consulting/Software/Integration",
        "Team Lead",
        19,
        0.46,
        &["Integration Developer", "Consultant"],
    ),
    (
        "Fjordlys/Advisory",
        "Director of Advisory",
        1,
        0.0,
        &["Partner"],
    ),
    (
        "Fjordlys/Advisory/Strategy",
        "Head of Strategy",
        20,
        0.38,
        &["Management Consultant", "Senior Manager", "Analyst"],
    ),
    (
        "Fjordlys/Advisory/Design",
        "Head of Design",
        2,
        0.2,
        &["Design Director"],
    ),
    (
        "Fjordlys/Advisory/Design/Service Design",
        "Team Lead",
        18,
        0.38,
        &["Service Designer", "Senior Service Designer"],
    ),
    (
        "Fjordlys/Advisory/Design/UX",
        "Team Lead",
        18,
        0.34,
        &["UX Designer", "Interaction Designer", "Researcher"],
    ),
    (
        "Fjordlys/Operations",
        "COO",
        2,
        0.0,
        &["Operations Manager"],
    ),
    (
        "Fjordlys/Operations/People & Culture",
        "Head of People & Culture",
        12,
        0.0,
        &["HR Partner", "Recruiter", "Learning Lead"],
    ),
    (
        "Fjordlys/Operations/Finance",
        "CFO",
        10,
        0.0,
        &["Controller", "Accountant"],
    ),
    (
        "Fjordlys/Operations/Sales",
        "Head of Sales",
        15,
        0.1,
        &["Account Manager", "Bid Manager"],
    ),
];

const FIRST: &[&str] = &[
    "Anders",
    "Anne",
    "Astrid",
    "Bjørn",
    "Camilla",
    "Dag",
    "Eirik",
    "Elin",
    "Emma",
    "Erik",
    "Frida",
    "Geir",
    "Gunnar",
    "Hanne",
    "Helene",
    "Håkon",
    "Ida",
    "Ingrid",
    "Jakob",
    "Jonas",
    "Julie",
    "Kari",
    "Karin",
    "Knut",
    "Kristin",
    "Lars",
    "Line",
    "Magnus",
    "Maria",
    "Marius",
    "Marte",
    "Mats",
    "Mona",
    "Morten",
    "Nina",
    "Nora",
    "Ola",
    "Ole",
    "Per",
    "Ragnhild",
    "Rune",
    "Sigrid",
    "Silje",
    "Siri",
    "Sondre",
    "Stine",
    "Synnøve",
    "Thomas",
    "Tone",
    "Tor",
    "Trine",
    "Vegard",
    "Vilde",
    "Øystein",
    "Åse",
    "Amir",
    "Fatima",
    "Ali",
    "Aisha",
    "Piotr",
    "Agnieszka",
    "Mohammed",
    "Leila",
    "Daniel",
    "Sofia",
    "Tobias",
    "Linnea",
    "Sander",
    "Thea",
    "Adrian",
    "Mia",
    "Omar",
    "Yasmin",
    "Chen",
    "Priya",
];

const LAST: &[&str] = &[
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Jensen",
    "Karlsen",
    "Johnsen",
    "Pettersen",
    "Eriksen",
    "Berg",
    "Haugen",
    "Hagen",
    "Johannessen",
    "Andreassen",
    "Jacobsen",
    "Dahl",
    "Jørgensen",
    "Halvorsen",
    "Henriksen",
    "Lund",
    "Sørensen",
    "Jakobsen",
    "Moen",
    "Gundersen",
    "Iversen",
    "Strand",
    "Solberg",
    "Svendsen",
    "Eide",
    "Knutsen",
    "Martinsen",
    "Paulsen",
    "Bakken",
    "Kristoffersen",
    "Mathisen",
    "Lie",
    "Amundsen",
    "Nguyen",
    "Rasmussen",
    "Ali",
    "Lunde",
    "Solheim",
    "Berge",
    "Moe",
    "Nygård",
    "Bakke",
    "Kowalski",
    "Ahmed",
    "Hussain",
    "Khan",
    "Aasen",
    "Fredriksen",
    "Holm",
    "Myhre",
    "Sæther",
    "Vik",
    "Tveit",
    "Ødegård",
    "Aune",
    "Rønning",
];

/// Turns a name into the local part of an e-mail: `Øystein Sæther` → `oystein.saether`.
fn email_local(first: &str, last: &str) -> String {
    let mut out = String::new();
    for c in format!("{first}.{last}").to_lowercase().chars() {
        match c {
            'æ' => out.push_str("ae"),
            'ø' => out.push('o'),
            'å' => out.push_str("aa"),
            c if c.is_ascii_alphanumeric() || c == '.' => out.push(c),
            _ => {}
        }
    }
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The demo org chart as CSV (deterministic).
#[must_use]
pub fn org_chart_csv() -> String {
    let mut rng = StdRng::seed_from_u64(2026);
    let mut used: HashSet<String> = HashSet::new();
    let mut csv = import::COLUMNS.join(",");
    csv.push('\n');
    let add = |csv: &mut String,
               name: (&str, &str),
               unit: &str,
               title: &str,
               mode: &str,
               leads: &str,
               used: &mut HashSet<String>| {
        let base = email_local(name.0, name.1);
        let mut local = base.clone();
        let mut n = 2;
        while !used.insert(local.clone()) {
            local = format!("{base}{n}");
            n += 1;
        }
        let handle: String = local.chars().take(32).collect();
        let _ = writeln!(
            csv,
            "{local}@fjordlys.no,{},{handle},{},{},{mode},{}",
            csv_field(&format!("{} {}", name.0, name.1)),
            csv_field(unit),
            csv_field(title),
            csv_field(leads)
        );
    };
    // The three named accounts of the sign-in hint come first, so they keep
    // their plain e-mail addresses.
    add(
        &mut csv,
        ("Ingrid", "Solberg"),
        "Fjordlys/Operations/People & Culture",
        "HR Partner and platform administrator",
        "office",
        "",
        &mut used,
    );
    add(
        &mut csv,
        ("Henrik", "Lund"),
        "Fjordlys/Consulting/Data & AI",
        "Head of Data & AI",
        "remote",
        "Fjordlys/Consulting/Data & AI",
        &mut used,
    );
    add(
        &mut csv,
        ("Sara", "Ahmed"),
        "Fjordlys/Consulting/Data & AI/Data Platform",
        "Senior Data Engineer",
        "client_site",
        "",
        &mut used,
    );
    for (path, leader_title, size, client_share, titles) in UNITS {
        let pick = |rng: &mut StdRng| {
            (
                FIRST[rng.random_range(0..FIRST.len())],
                LAST[rng.random_range(0..LAST.len())],
            )
        };
        if *path != "Fjordlys/Consulting/Data & AI" {
            let mode = if rng.random_bool(0.25) {
                "remote"
            } else {
                "office"
            };
            add(
                &mut csv,
                pick(&mut rng),
                path,
                leader_title,
                mode,
                path,
                &mut used,
            );
        }
        for _ in 0..*size {
            let r: f64 = rng.random();
            let mode = if r < *client_share {
                "client_site"
            } else if r < client_share + 0.15 {
                "remote"
            } else {
                "office"
            };
            let title = titles[rng.random_range(0..titles.len())];
            add(&mut csv, pick(&mut rng), path, title, mode, "", &mut used);
        }
    }
    csv
}

/// Builds the demo organization if the database has no people, or always
/// when `fresh` (wiping everything first). Returns whether it built.
///
/// # Errors
/// Storage failures; an import problem in the generated chart is a bug and
/// surfaces as `Unexpected`.
pub async fn ensure_demo(
    ctx: &Ctx,
    fresh: bool,
    progress: &mut dyn FnMut(Progress),
) -> Result<bool> {
    if fresh {
        let mut tx = ctx.db().begin().await?;
        maintenance::wipe_all(&mut tx).await?;
        tx.commit().await?;
    } else if people::count_people(ctx.db()).await? > 0 {
        return Ok(false);
    }
    // The organization is imported as it stood before the simulated months
    // of activity, so people, units, spaces and unit memberships all exist
    // before anything happens in them.
    let mut then = ctx.clone();
    then.clock = Arc::new(FixedClock::new(
        ctx.clock.now() - Duration::days(demo_content::DAYS + 14),
    ));
    let csv = org_chart_csv();
    import::run(&then, csv.as_bytes(), false, progress)
        .await
        .map_err(|e| match e {
            ImportError::Service(e) => e,
            ImportError::Rows(rows) => {
                Error::Unexpected(format!("demo chart refused: {:?}", rows.first()).into())
            }
        })?;
    let hash = auth::hash_password(ctx, DEMO_PASSWORD).await?;
    let everyone = people::list_all_people(ctx.db()).await?;
    let now = ctx.clock.now();
    let mut tx = ctx.db().begin().await?;
    for p in &everyone {
        people::set_password_hash(&mut tx, p.id, &hash, now).await?;
        if p.email == DEMO_ADMIN {
            people::set_admin(&mut tx, p.id, true).await?;
        }
    }
    tx.commit().await?;
    crate::culture_content::prepare(&then).await?;
    demo_content::plant(ctx, progress).await?;
    crate::leadership_content::plant(ctx).await?;
    crate::visions_content::plant(ctx).await?;
    crate::surveys_content::plant(ctx).await?;
    crate::moderation_content::plant(ctx).await?;
    crate::culture_content::plant(ctx).await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_ascii_with_norwegian_letters_spelled_out() {
        assert_eq!(email_local("Øystein", "Sæther"), "oystein.saether");
        assert_eq!(email_local("Åse", "Nygård"), "aase.nygaard");
    }

    #[test]
    fn the_chart_is_deterministic_and_parses_cleanly() {
        let csv = org_chart_csv();
        assert_eq!(csv, org_chart_csv());
        let rows = import::parse_csv(csv.as_bytes(), &mut |_| {}).unwrap();
        assert!((280..=330).contains(&rows.len()), "{} people", rows.len());
        let client = rows
            .iter()
            .filter(|r| r.work_mode == samspill_domain::WorkMode::ClientSite)
            .count();
        let share = client as f64 / rows.len() as f64;
        assert!((0.28..=0.40).contains(&share), "client-site share {share}");
        let leaders: HashSet<String> = rows
            .iter()
            .flat_map(|r| r.leader_of.iter().map(|p| p.key()))
            .collect();
        assert_eq!(leaders.len(), UNITS.len(), "every unit has a leader");
    }
}
