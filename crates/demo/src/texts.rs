//! The demo's texts: post templates, phrase banks, the words that fill
//! their placeholders, and the communities. They are data, not code: the
//! TOML files in `crates/demo/data/` (each explains its fields), embedded at
//! build time and parsed once, on first use. Adding a post template is
//! adding a `[[template]]` to `data/templates.toml`.
//!
//! [`texts`] checks what the simulation relies on (every bank and list has
//! lines in both languages, kinds exist, polls have 2 to 10 options, no
//! unknown field), so a mistake in the data fails the demo's build with
//! the file and the reason, and fails this module's tests first.

use std::sync::LazyLock;

use samspill_domain::PostKind;
use samspill_services::{Error, Result};
use serde::Deserialize;

/// A domain of work: which tools posts talk about and who joins which guild.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Domain {
    Data,
    Cloud,
    Software,
    Design,
    Strategy,
    Ops,
}

impl Domain {
    /// The domain of a unit, by its path.
    pub(crate) fn of(path: &str) -> Self {
        if path.contains("Data & AI") {
            Self::Data
        } else if path.contains("/Cloud") {
            Self::Cloud
        } else if path.contains("/Software") {
            Self::Software
        } else if path.contains("/Design") {
            Self::Design
        } else if path.contains("/Strategy")
            || path.ends_with("Advisory")
            || path.ends_with("Consulting")
        {
            Self::Strategy
        } else {
            Self::Ops
        }
    }

    /// The templates of the domain's own craft.
    pub(crate) const fn pool(self) -> Pool {
        match self {
            Self::Data => Pool::Data,
            Self::Cloud => Pool::Cloud,
            Self::Software => Pool::Software,
            Self::Design => Pool::Design,
            Self::Strategy => Pool::Strategy,
            Self::Ops => Pool::Ops,
        }
    }
}

/// Where a template belongs (see `data/templates.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Pool {
    /// The org space.
    General,
    /// Any consulting unit, with the unit's tools.
    Craft,
    Data,
    Cloud,
    Software,
    Design,
    Strategy,
    Ops,
    Client,
    Running,
    Parents,
    Books,
    Leaders,
    Reorg,
    /// Leaders' announcements and visions.
    Lead,
    /// Facilitating leaders' questions, polls and invitations.
    Facilitate,
    /// Recognition naming colleagues.
    Praise,
    /// The HR partner's org-wide news.
    Hr,
}

/// The language of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Lang {
    /// Norwegian Bokmål.
    Nb,
    /// English.
    En,
}

impl Lang {
    pub(crate) const fn other(self) -> Self {
        match self {
            Self::Nb => Self::En,
            Self::En => Self::Nb,
        }
    }
}

/// A post to write, with placeholders: `{tool}`, `{tag}`, `{client}`,
/// `{who}` and `{who2}` (handles of colleagues), `{unit}`, `{value}`,
/// `{book}`, `{race}`; comments also `{author}` and `{parent}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Template {
    pub(crate) pool: Pool,
    pub(crate) kind: String,
    pub(crate) lang: Lang,
    pub(crate) title: String,
    pub(crate) body: String,
    /// Poll options.
    #[serde(default)]
    pub(crate) options: Vec<String>,
    /// Topical comments, used in order before generic ones.
    #[serde(default)]
    pub(crate) comments: Vec<String>,
}

/// Lines in both languages.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Bank {
    nb: Vec<String>,
    en: Vec<String>,
}

impl Bank {
    /// The lines in `lang`.
    pub(crate) fn get(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::Nb => &self.nb,
            Lang::En => &self.en,
        }
    }
}

/// The phrase banks of `data/phrases.toml`; see there for who says what.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Phrases {
    pub(crate) invite: Bank,
    pub(crate) address: Bank,
    pub(crate) answers: Bank,
    pub(crate) discuss: Bank,
    pub(crate) lesson: Bank,
    pub(crate) praise: Bank,
    pub(crate) announce: Bank,
    pub(crate) poll: Bank,
    pub(crate) social: Bank,
    pub(crate) welcome: Bank,
    pub(crate) agree: Bank,
    pub(crate) replies: Bank,
    pub(crate) author_replies: Bank,
    pub(crate) asker_replies: Bank,
    pub(crate) leader_replies: Bank,
    pub(crate) facilitator_answers: Bank,
    pub(crate) facilitator_thanks: Bank,
    pub(crate) facilitator_comments: Bank,
    pub(crate) broadcaster_comments: Bank,
    pub(crate) thanks: Bank,
}

impl Phrases {
    fn banks(&self) -> [(&'static str, &Bank); 20] {
        [
            ("invite", &self.invite),
            ("address", &self.address),
            ("answers", &self.answers),
            ("discuss", &self.discuss),
            ("lesson", &self.lesson),
            ("praise", &self.praise),
            ("announce", &self.announce),
            ("poll", &self.poll),
            ("social", &self.social),
            ("welcome", &self.welcome),
            ("agree", &self.agree),
            ("replies", &self.replies),
            ("author_replies", &self.author_replies),
            ("asker_replies", &self.asker_replies),
            ("leader_replies", &self.leader_replies),
            ("facilitator_answers", &self.facilitator_answers),
            ("facilitator_thanks", &self.facilitator_thanks),
            ("facilitator_comments", &self.facilitator_comments),
            ("broadcaster_comments", &self.broadcaster_comments),
            ("thanks", &self.thanks),
        ]
    }
}

/// A tool and the topic posts about it are tagged with.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Tool {
    pub(crate) name: String,
    pub(crate) topic: String,
}

/// The tools of each domain.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Tools {
    data: Vec<Tool>,
    cloud: Vec<Tool>,
    software: Vec<Tool>,
    design: Vec<Tool>,
    strategy: Vec<Tool>,
    ops: Vec<Tool>,
}

impl Tools {
    /// The tools of `domain`.
    pub(crate) fn of(&self, domain: Domain) -> &[Tool] {
        match domain {
            Domain::Data => &self.data,
            Domain::Cloud => &self.cloud,
            Domain::Software => &self.software,
            Domain::Design => &self.design,
            Domain::Strategy => &self.strategy,
            Domain::Ops => &self.ops,
        }
    }
}

/// The words of `data/vocabulary.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Vocabulary {
    pub(crate) clients: Vec<String>,
    pub(crate) books: Vec<String>,
    pub(crate) races: Vec<String>,
    /// Topics people follow besides their domain's.
    pub(crate) general_topics: Vec<String>,
    /// The company values, the same value at the same index in both.
    pub(crate) values: Bank,
    pub(crate) tools: Tools,
}

/// A community of `data/communities.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Community {
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) visibility: String,
    pub(crate) pool: Pool,
    /// The domain whose tools its posts talk about, if fixed.
    #[serde(default)]
    pub(crate) domain: Option<Domain>,
    /// Employee posts per working day.
    pub(crate) rate: f64,
    pub(crate) welcome_title: String,
    pub(crate) welcome_body: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplatesFile {
    template: Vec<Template>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CommunitiesFile {
    community: Vec<Community>,
}

/// Everything in `data/`.
#[derive(Debug)]
pub(crate) struct Texts {
    pub(crate) templates: Vec<Template>,
    pub(crate) phrases: Phrases,
    pub(crate) vocabulary: Vocabulary,
    pub(crate) communities: Vec<Community>,
}

const TEMPLATES_TOML: &str = include_str!("../data/templates.toml");
const PHRASES_TOML: &str = include_str!("../data/phrases.toml");
const VOCABULARY_TOML: &str = include_str!("../data/vocabulary.toml");
const COMMUNITIES_TOML: &str = include_str!("../data/communities.toml");

static TEXTS: LazyLock<std::result::Result<Texts, String>> = LazyLock::new(|| {
    Texts::parse(
        TEMPLATES_TOML,
        PHRASES_TOML,
        VOCABULARY_TOML,
        COMMUNITIES_TOML,
    )
});

/// The embedded texts, parsed on first use.
///
/// # Errors
/// `Unexpected`, naming the file and the problem, when the embedded data do
/// not parse or are incomplete (a bug caught by this module's tests).
pub(crate) fn texts() -> Result<&'static Texts> {
    TEXTS
        .as_ref()
        .map_err(|e| Error::Unexpected(e.clone().into()))
}

fn parse<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> std::result::Result<T, String> {
    toml::from_str(text).map_err(|e| format!("data/{file}: {e}"))
}

fn lines_in_both(file: &str, what: &str, bank: &Bank) -> std::result::Result<(), String> {
    for lang in [Lang::Nb, Lang::En] {
        let lines = bank.get(lang);
        if lines.is_empty() || lines.iter().any(|l| l.trim().is_empty()) {
            return Err(format!(
                "data/{file}: {what} needs lines in {lang:?}, none empty"
            ));
        }
    }
    Ok(())
}

fn not_empty(file: &str, what: &str, list: &[String]) -> std::result::Result<(), String> {
    if list.is_empty() || list.iter().any(|l| l.trim().is_empty()) {
        return Err(format!(
            "data/{file}: {what} needs at least one entry, none empty"
        ));
    }
    Ok(())
}

impl Texts {
    /// Parses and checks the four files.
    fn parse(
        templates: &str,
        phrases: &str,
        vocabulary: &str,
        communities: &str,
    ) -> std::result::Result<Self, String> {
        let texts = Self {
            templates: parse::<TemplatesFile>("templates.toml", templates)?.template,
            phrases: parse("phrases.toml", phrases)?,
            vocabulary: parse("vocabulary.toml", vocabulary)?,
            communities: parse::<CommunitiesFile>("communities.toml", communities)?.community,
        };
        texts.check()?;
        Ok(texts)
    }

    /// What the simulation relies on.
    fn check(&self) -> std::result::Result<(), String> {
        let file = "templates.toml";
        for t in &self.templates {
            let problem = if PostKind::parse(&t.kind).is_err() {
                Some("an unknown kind")
            } else if t.title.chars().count() > 120 {
                Some("a title over 120 characters")
            } else if t.body.trim().is_empty() {
                Some("an empty body")
            } else if (t.kind == "poll") != (2..=10).contains(&t.options.len()) {
                Some("polls, and only polls, need 2 to 10 options")
            } else {
                None
            };
            if let Some(p) = problem {
                return Err(format!("data/{file}: {:?}: {p}", t.title));
            }
        }
        if let Some(kind) = PostKind::ALL
            .iter()
            .find(|k| !self.templates.iter().any(|t| t.kind == k.as_str()))
        {
            return Err(format!("data/{file}: no template of kind {kind}"));
        }
        for (name, bank) in self.phrases.banks() {
            lines_in_both("phrases.toml", name, bank)?;
        }
        let file = "vocabulary.toml";
        let v = &self.vocabulary;
        not_empty(file, "clients", &v.clients)?;
        not_empty(file, "books", &v.books)?;
        not_empty(file, "races", &v.races)?;
        not_empty(file, "general_topics", &v.general_topics)?;
        lines_in_both(file, "values", &v.values)?;
        if v.values.nb.len() != v.values.en.len() {
            return Err(format!("data/{file}: values need as many nb as en"));
        }
        for d in [
            Domain::Data,
            Domain::Cloud,
            Domain::Software,
            Domain::Design,
            Domain::Strategy,
            Domain::Ops,
        ] {
            let tools = v.tools.of(d);
            if tools.is_empty()
                || tools
                    .iter()
                    .any(|t| t.name.trim().is_empty() || t.topic.trim().is_empty())
            {
                return Err(format!(
                    "data/{file}: tools of {d:?} need a name and a topic"
                ));
            }
        }
        let file = "communities.toml";
        for (i, c) in self.communities.iter().enumerate() {
            let problem = if !["open", "private", "secret"].contains(&c.visibility.as_str()) {
                Some("visibility is open, private or secret")
            } else if !(c.rate.is_finite() && c.rate >= 0.0) {
                Some("rate is a number of posts, at least 0")
            } else if c.name.trim().is_empty() || c.welcome_body.trim().is_empty() {
                Some("a name and a welcome post are needed")
            } else if self.communities[..i].iter().any(|o| o.name == c.name) {
                Some("the name is taken")
            } else {
                None
            };
            if let Some(p) = problem {
                return Err(format!("data/{file}: {:?}: {p}", c.name));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_texts_parse_and_every_bank_has_lines() {
        let t = texts().unwrap();
        assert!(t.templates.len() >= 200, "{} templates", t.templates.len());
        for (name, bank) in t.phrases.banks() {
            assert!(
                !bank.get(Lang::Nb).is_empty() && !bank.get(Lang::En).is_empty(),
                "{name}"
            );
        }
        let v = &t.vocabulary;
        for list in [&v.clients, &v.books, &v.races, &v.general_topics] {
            assert!(!list.is_empty());
        }
        assert_eq!(t.communities.len(), 8);
        // Every pool a community or a space draws from has templates.
        for pool in t.communities.iter().map(|c| c.pool).chain([
            Pool::General,
            Pool::Craft,
            Pool::Lead,
            Pool::Facilitate,
            Pool::Praise,
            Pool::Hr,
            Pool::Ops,
        ]) {
            assert!(t.templates.iter().any(|x| x.pool == pool), "{pool:?}");
        }
    }

    #[test]
    fn a_multi_line_template_keeps_its_paragraphs() {
        let t = texts().unwrap();
        let tpl = t
            .templates
            .iter()
            .find(|x| x.title == "Fagdag: hva fungerte, hva bør vi endre?")
            .unwrap();
        assert!(tpl.body.starts_with("Takk for en fin fagdag!"));
        assert!(tpl.body.contains("lang.\n\nHva syntes dere?"));
        assert!(tpl.body.ends_with("#fagdag #læring"));
        assert_eq!(tpl.comments.len(), 3);
    }

    fn with_templates(templates: &str) -> std::result::Result<Texts, String> {
        Texts::parse(templates, PHRASES_TOML, VOCABULARY_TOML, COMMUNITIES_TOML)
    }

    #[test]
    fn mistakes_in_the_data_are_refused_with_the_file_and_the_reason() {
        // A new template is data: appending one parses.
        let extra = "\n[[template]]\npool = \"general\"\nkind = \"idea\"\nlang = \"en\"\n\
                     title = \"A new idea\"\nbody = \"Try it. #idé\"\n";
        let more = with_templates(&format!("{TEMPLATES_TOML}{extra}")).unwrap();
        assert_eq!(more.templates.len(), texts().unwrap().templates.len() + 1);

        let unknown_kind = extra.replace("\"idea\"", "\"rant\"");
        let err = with_templates(&format!("{TEMPLATES_TOML}{unknown_kind}")).unwrap_err();
        assert!(
            err.contains("templates.toml") && err.contains("unknown kind"),
            "{err}"
        );

        let poll_without_options = extra.replace("\"idea\"", "\"poll\"");
        let err = with_templates(&format!("{TEMPLATES_TOML}{poll_without_options}")).unwrap_err();
        assert!(err.contains("2 to 10 options"), "{err}");

        let typo = extra.replace("body =", "bdy =");
        let err = with_templates(&format!("{TEMPLATES_TOML}{typo}")).unwrap_err();
        assert!(err.contains("templates.toml"), "{err}");

        // `thanks` is the last bank: replace it by one without Norwegian lines.
        let (head, _) = PHRASES_TOML.split_once("[thanks]").unwrap();
        let empty_bank = format!("{head}[thanks]\nnb = []\nen = [\"Thanks!\"]\n");
        let err = Texts::parse(
            TEMPLATES_TOML,
            &empty_bank,
            VOCABULARY_TOML,
            COMMUNITIES_TOML,
        )
        .unwrap_err();
        assert!(
            err.contains("phrases.toml") && err.contains("thanks"),
            "{err}"
        );
    }
}
