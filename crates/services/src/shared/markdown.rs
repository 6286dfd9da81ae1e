//! Post and comment bodies: Markdown to sanitized HTML with `@mentions` and
//! `#topics`, and the plain-text helpers (mentions, topics, excerpts) that
//! share its parse.
//!
//! The pipeline is pulldown-cmark (CommonMark, tables, strikethrough; no task
//! lists, footnotes or math) → a rewrite of its events → HTML → ammonia with a
//! tight allow-list → a last pass that defangs two words. The rewrite decides
//! what the author meant; ammonia enforces the allow-list whatever the rewrite
//! got wrong.
//!
//! Rules:
//! - Raw HTML in the Markdown is never interpreted: it is shown as the text
//!   the author typed, and never scanned for mentions or topics.
//! - Links keep only `http:`, `https:` and `mailto:` destinations. Any other
//!   link (relative ones included) loses its anchor and keeps its text. Every
//!   `<a>` gets `rel="noopener noreferrer nofollow"` and no `target`.
//! - Images are never shown: an image becomes a link to its URL, its alt text
//!   (or, without one, the URL) as the link text. An image with an unsafe URL,
//!   or inside a link, leaves only its alt text.
//! - Headings move down two levels (`#` → `<h3>`, `##` → `<h4>`, deeper ones
//!   to `<h5>` and `<h6>`), so a post never competes with the page headings.
//! - Bare `http(s)://` URLs in text become links, which also keeps a `#anchor`
//!   or `/@name` inside a URL from being read as a topic or mention.
//! - `@handle` and `#topic` count only in text: not in code, link text, URLs
//!   or raw HTML, and only after the start or a non-word character.
//! - Elements nested more than 32 deep lose their tags and keep their text:
//!   HTML tree building is quadratic in depth, so 20 kB of `>` would
//!   otherwise cost seconds.
//! - Bidirectional embeddings, overrides and isolates (see
//!   `samspill_domain::text`) are removed from the output, including those
//!   written as character references (`&#x202E;`), so rendered text always
//!   reads in the order it was written.
//!
//! Invariants of [`render`] (checked on a hostile corpus by the `xss` test
//! binary): the output holds only the tags `p br em strong del code pre
//! blockquote ul ol li a h3 h4 h5 h6 hr table thead tbody tr th td`; the only
//! attributes are `href`, `rel` and `class` (`mention` or `topic`) on `a`, and
//! a numeric `start` on `ol`; every `href` is `http://…`, `https://…`,
//! `mailto:…`, or one of our own `/people/…` and `/topics/…`; and the output
//! never contains `javascript:` or `srcdoc`, not even as text, nor a
//! bidirectional control.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
    TextMergeStream,
};
use samspill_domain::text::{is_bidi_control, strip_bidi};

/// The `rel` of every link in rendered output.
const LINK_REL: &str = "noopener noreferrer nofollow";
/// The length limits of a handle (as in `samspill_domain::Handle`).
const HANDLE_LEN: std::ops::RangeInclusive<usize> = 2..=32;
/// The longest topic, in characters.
const TOPIC_MAX: usize = 50;
/// The deepest element nesting that [`render`] keeps.
const MAX_DEPTH: usize = 32;
/// The link schemes that survive, lowercase, each with its separator.
const SCHEMES: [&str; 3] = ["http://", "https://", "mailto:"];

/// The result of rendering a post or comment body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// Sanitized HTML, safe to insert into a page unescaped; empty for an
    /// empty or blank body.
    pub html: String,
    /// The handles that resolved to a person and became links: lowercase,
    /// deduplicated, in order of first appearance (the people to notify).
    pub mentions: Vec<String>,
    /// The topics, lowercase, deduplicated, in order of first appearance.
    pub topics: Vec<String>,
}

/// Renders Markdown to sanitized HTML.
///
/// `resolve` maps a lowercase handle (without `@`) to the person's display
/// name when that person exists; only those become mention links. It is
/// called at most once per distinct handle. The display name is not put in
/// the output (the allow-list has no `title`); only its presence counts.
#[must_use]
pub fn render(body: &str, resolve: &dyn Fn(&str) -> Option<String>) -> Rendered {
    if body.trim().is_empty() {
        return Rendered::default();
    }
    let mut walk = Walk::new(resolve);
    let events = flatten_deep(walk.rewrite(body));
    let mut raw = String::with_capacity(body.len().saturating_mul(2));
    pulldown_cmark::html::push_html(&mut raw, events.into_iter());
    let clean = SANITIZER.clean(&raw).to_string();
    // The serializer writes characters, never numeric references, so this
    // also catches `&#x202E;` typed as an entity.
    let clean = strip_bidi(&clean);
    Rendered {
        html: defang(&clean),
        mentions: walk.linked.list,
        topics: walk.topics.list,
    }
}

/// Extracts the lowercase handles mentioned in a text (without rendering),
/// deduplicated, in order of first appearance. Whether those people exist is
/// for the caller to find out.
#[must_use]
pub fn mentions(body: &str) -> Vec<String> {
    let nobody = |_: &str| None;
    let mut walk = Walk::new(&nobody);
    walk.rewrite(body);
    walk.mentioned.list
}

/// Extracts topics (`#topic`), lowercase, deduplicated, in order of first
/// appearance.
#[must_use]
pub fn topics(body: &str) -> Vec<String> {
    let nobody = |_: &str| None;
    let mut walk = Walk::new(&nobody);
    walk.rewrite(body);
    walk.topics.list
}

/// Renders a short plain-text excerpt (Markdown stripped, whitespace
/// collapsed, at most `max` characters including a closing `…`) for lists
/// and notifications.
///
/// The result is text, not HTML: raw HTML in the body appears as typed, so
/// the caller must escape it (askama does).
#[must_use]
pub fn excerpt(body: &str, max: usize) -> String {
    shorten(&plain_text(body), max)
}

/// The Markdown extensions posts get. Task lists (`<input>`), footnotes
/// (`id`s), math and heading attributes stay off.
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// One pass over the Markdown events: the rewrite described in the module
/// header, collecting mentions and topics on the way.
struct Walk<'r> {
    resolve: &'r dyn Fn(&str) -> Option<String>,
    /// `resolve` results so far.
    known: HashMap<String, bool>,
    /// Every mentioned handle.
    mentioned: FirstSeen,
    /// The mentioned handles that resolved.
    linked: FirstSeen,
    topics: FirstSeen,
}

impl<'r> Walk<'r> {
    fn new(resolve: &'r dyn Fn(&str) -> Option<String>) -> Self {
        Self {
            resolve,
            known: HashMap::new(),
            mentioned: FirstSeen::default(),
            linked: FirstSeen::default(),
            topics: FirstSeen::default(),
        }
    }

    fn rewrite<'a>(&mut self, body: &'a str) -> Vec<Event<'a>> {
        let mut out = Vec::new();
        let mut code_blocks = 0_usize;
        // Open links and images, each with whether its anchor was kept.
        let mut links: Vec<bool> = Vec::new();
        let mut events = TextMergeStream::new(Parser::new_ext(body, options())).peekable();
        while let Some(event) = events.next() {
            match event {
                Event::Start(Tag::CodeBlock(_)) => {
                    code_blocks += 1;
                    // Indented: no `language-*` class for ammonia to strip.
                    out.push(Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)));
                }
                Event::End(TagEnd::CodeBlock) => {
                    code_blocks = code_blocks.saturating_sub(1);
                    out.push(event);
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    id,
                    ..
                }) => {
                    // A link inside a link (via an image's alt) would nest anchors.
                    let dest = links
                        .is_empty()
                        .then(|| safe_destination(link_type, &dest_url))
                        .flatten();
                    links.push(dest.is_some());
                    if let Some(dest_url) = dest {
                        out.push(link_start(link_type, dest_url, id));
                    }
                }
                Event::Start(Tag::Image { dest_url, id, .. }) => {
                    let dest = links
                        .is_empty()
                        .then(|| safe_destination(LinkType::Inline, &dest_url))
                        .flatten();
                    links.push(dest.is_some());
                    if let Some(dest_url) = dest {
                        let no_alt = matches!(events.peek(), Some(Event::End(TagEnd::Image)));
                        out.push(link_start(LinkType::Inline, dest_url.clone(), id));
                        if no_alt {
                            out.push(Event::Text(dest_url));
                        }
                    }
                }
                Event::End(TagEnd::Link | TagEnd::Image) => {
                    if links.pop() == Some(true) {
                        out.push(Event::End(TagEnd::Link));
                    }
                }
                Event::Start(Tag::Heading { level, .. }) => {
                    out.push(Event::Start(Tag::Heading {
                        level: demote(level),
                        id: None,
                        classes: Vec::new(),
                        attrs: Vec::new(),
                    }));
                }
                Event::End(TagEnd::Heading(level)) => {
                    out.push(Event::End(TagEnd::Heading(demote(level))));
                }
                Event::Start(Tag::HtmlBlock) => out.push(Event::Start(Tag::Paragraph)),
                Event::End(TagEnd::HtmlBlock) => out.push(Event::End(TagEnd::Paragraph)),
                Event::Html(raw) | Event::InlineHtml(raw) => out.push(Event::Text(raw)),
                Event::Text(text) if code_blocks == 0 && links.is_empty() => {
                    self.text(text, &mut out);
                }
                other => out.push(other),
            }
        }
        out
    }

    /// Splits prose into plain text, mentions, topics and bare URLs.
    fn text<'a>(&mut self, text: CowStr<'a>, out: &mut Vec<Event<'a>>) {
        let pieces = scan(&text);
        if matches!(pieces.as_slice(), [Piece::Text(_)]) {
            out.push(Event::Text(text));
            return;
        }
        for piece in pieces {
            match piece {
                Piece::Text(plain) => out.push(owned_text(plain)),
                Piece::Mention(raw) => out.push(self.mention(raw)),
                Piece::Topic(raw) => out.push(self.topic(raw)),
                Piece::Url(url) => {
                    let dest = safe_destination(LinkType::Autolink, url);
                    if let Some(dest) = dest {
                        out.push(link_start(LinkType::Autolink, dest, CowStr::Borrowed("")));
                        out.push(owned_text(url));
                        out.push(Event::End(TagEnd::Link));
                    } else {
                        out.push(owned_text(url));
                    }
                }
            }
        }
    }

    fn mention<'a>(&mut self, raw: &str) -> Event<'a> {
        let handle = raw.to_ascii_lowercase();
        self.mentioned.insert(&handle);
        let resolve = self.resolve;
        let exists = *self
            .known
            .entry(handle.clone())
            .or_insert_with(|| resolve(&handle).is_some());
        if !exists {
            return owned_text(&format!("@{raw}"));
        }
        self.linked.insert(&handle);
        // Handles are `[a-z0-9._-]`: nothing in them needs escaping.
        Event::InlineHtml(
            format!(r#"<a class="mention" href="/people/{handle}">@{handle}</a>"#).into(),
        )
    }

    fn topic<'a>(&mut self, raw: &str) -> Event<'a> {
        let topic = raw.to_lowercase();
        self.topics.insert(&topic);
        // Topics are letters, digits, `_` and `-`: nothing needs escaping.
        Event::InlineHtml(format!(r#"<a class="topic" href="/topics/{topic}">#{raw}</a>"#).into())
    }
}

fn owned_text<'a>(text: &str) -> Event<'a> {
    Event::Text(CowStr::from(text.to_owned()))
}

/// Distinct strings in order of first appearance.
#[derive(Default)]
struct FirstSeen {
    list: Vec<String>,
    seen: HashSet<String>,
}

impl FirstSeen {
    fn insert(&mut self, item: &str) {
        if self.seen.insert(item.to_owned()) {
            self.list.push(item.to_owned());
        }
    }
}

/// A link start without a title (the allow-list would drop it anyway).
fn link_start<'a>(link_type: LinkType, dest_url: CowStr<'a>, id: CowStr<'a>) -> Event<'a> {
    Event::Start(Tag::Link {
        link_type,
        dest_url,
        title: CowStr::Borrowed(""),
        id,
    })
}

/// The destination to keep, scheme lowercased, or `None` to drop the anchor.
fn safe_destination<'a>(link_type: LinkType, dest: &str) -> Option<CowStr<'a>> {
    if link_type == LinkType::Email {
        // `<kari@acme.no>`: CommonMark's e-mail syntax admits no scheme or
        // markup, and the HTML writer adds the `mailto:`.
        return Some(CowStr::from(dest.to_owned()));
    }
    let dest = dest.trim();
    let scheme = SCHEMES
        .into_iter()
        .find(|scheme| starts_with_ignore_case(dest, scheme))?;
    let rest = &dest[scheme.len()..];
    (!rest.is_empty()).then(|| CowStr::from(format!("{scheme}{rest}")))
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// Drops the start and end of every element below [`MAX_DEPTH`], keeping
/// what is inside. Relies on pulldown-cmark's balanced starts and ends, which
/// the rewrite preserves.
fn flatten_deep(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut open: Vec<bool> = Vec::new();
    let mut depth = 0_usize;
    events
        .into_iter()
        .filter(|event| match event {
            Event::Start(_) => {
                let keep = depth < MAX_DEPTH;
                open.push(keep);
                depth += usize::from(keep);
                keep
            }
            Event::End(_) => {
                let keep = open.pop().unwrap_or(false);
                depth -= usize::from(keep);
                keep
            }
            _ => true,
        })
        .collect()
}

/// Two levels down, so that `#` in a post is below the page's own headings.
fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H3,
        HeadingLevel::H2 => HeadingLevel::H4,
        HeadingLevel::H3 => HeadingLevel::H5,
        HeadingLevel::H4 | HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

/// A stretch of prose.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'t> {
    Text(&'t str),
    /// The handle as written, without `@`.
    Mention(&'t str),
    /// The topic as written, without `#`.
    Topic(&'t str),
    Url(&'t str),
}

fn scan(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut plain = 0;
    let mut at = 0;
    let mut prev: Option<char> = None;
    while let Some(c) = text[at..].chars().next() {
        let found = if prev.is_some_and(is_word) {
            None
        } else {
            special_at(&text[at..])
        };
        if let Some((piece, len)) = found {
            if plain < at {
                pieces.push(Piece::Text(&text[plain..at]));
            }
            pieces.push(piece);
            at += len;
            plain = at;
            prev = text[..at].chars().next_back();
        } else {
            at += c.len_utf8();
            prev = Some(c);
        }
    }
    if plain < text.len() {
        pieces.push(Piece::Text(&text[plain..]));
    }
    pieces
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A mention, topic or URL at the start of `rest`, with its length in bytes.
fn special_at(rest: &str) -> Option<(Piece<'_>, usize)> {
    match rest.as_bytes().first()? {
        b'@' => mention_at(&rest[1..]).map(|handle| (Piece::Mention(handle), 1 + handle.len())),
        b'#' => topic_at(&rest[1..]).map(|topic| (Piece::Topic(topic), 1 + topic.len())),
        b'h' | b'H' => url_at(rest).map(|url| (Piece::Url(url), url.len())),
        _ => None,
    }
}

/// The handle at the start of `tail` (just after an `@`): the whole run of
/// handle characters, less trailing dots, or nothing. `@kari@acme.no` and
/// `@karié` name no one.
fn mention_at(tail: &str) -> Option<&str> {
    let run = tail
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        .unwrap_or(tail.len());
    if tail[run..]
        .chars()
        .next()
        .is_some_and(|c| c == '@' || is_word(c))
    {
        return None;
    }
    let handle = tail[..run].trim_end_matches('.');
    let valid = HANDLE_LEN.contains(&handle.len())
        && handle.starts_with(|c: char| c.is_ascii_alphanumeric());
    valid.then_some(handle)
}

/// The topic at the start of `tail` (just after a `#`): letters, digits, `_`
/// and `-`, starting with a letter, at most [`TOPIC_MAX`] characters.
/// (`char::is_alphabetic` stands in for `\p{L}`; it also admits a few marks.)
fn topic_at(tail: &str) -> Option<&str> {
    let run = tail
        .find(|c: char| !(c.is_alphabetic() || c.is_numeric() || matches!(c, '_' | '-')))
        .unwrap_or(tail.len());
    let topic = &tail[..run];
    let valid = topic.starts_with(char::is_alphabetic) && topic.chars().count() <= TOPIC_MAX;
    valid.then_some(topic)
}

/// A bare `http(s)://` URL at the start of `rest`. Trailing punctuation
/// belongs to the sentence, and so does a `)` the URL did not open.
/// Linear: a URL is read once and then skipped by the scan.
fn url_at(rest: &str) -> Option<&str> {
    let scheme = ["https://", "http://"]
        .into_iter()
        .find(|scheme| starts_with_ignore_case(rest, scheme))?;
    if !rest[scheme.len()..].starts_with(char::is_alphanumeric) {
        return None;
    }
    let end = rest
        .find(|c: char| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '`'))
        .unwrap_or(rest.len());
    let mut url = &rest[..end];
    let mut unopened = url
        .matches(')')
        .count()
        .saturating_sub(url.matches('(').count());
    loop {
        let mut trimmed = url.trim_end_matches(['.', ',', ':', ';', '!', '?', '\'', '*', '_', '~']);
        if unopened > 0
            && let Some(shorter) = trimmed.strip_suffix(')')
        {
            unopened -= 1;
            trimmed = shorter;
        }
        if trimmed.len() == url.len() {
            return Some(url);
        }
        url = trimmed;
    }
}

/// The allow-list. Built once; ammonia's defaults are overridden one by one
/// so that nothing comes in by default.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(HashSet::from([
            "p",
            "br",
            "em",
            "strong",
            "del",
            "code",
            "pre",
            "blockquote",
            "ul",
            "ol",
            "li",
            "a",
            "h3",
            "h4",
            "h5",
            "h6",
            "hr",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
        ]))
        .clean_content_tags(HashSet::from(["script", "style"]))
        .generic_attributes(HashSet::new())
        .generic_attribute_prefixes(HashSet::new())
        // `ol start` keeps "3." from rendering as "1." after an interruption.
        .tag_attributes(HashMap::from([
            ("a", HashSet::from(["href"])),
            ("ol", HashSet::from(["start"])),
        ]))
        .tag_attribute_values(HashMap::new())
        .set_tag_attribute_values(HashMap::new())
        .allowed_classes(HashMap::from([("a", HashSet::from(["mention", "topic"]))]))
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .url_relative(ammonia::UrlRelative::Custom(Box::new(own_path)))
        .attribute_filter(numeric_start)
        .link_rel(Some(LINK_REL))
        .strip_comments(true)
        .id_prefix(None);
    builder
});

/// The only relative URLs are the ones the rewrite makes.
fn own_path(url: &str) -> Option<Cow<'_, str>> {
    (url.starts_with("/people/") || url.starts_with("/topics/")).then_some(Cow::Borrowed(url))
}

fn numeric_start<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    let numeric = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    (element != "ol" || attribute != "start" || numeric).then_some(Cow::Borrowed(value))
}

/// Words that must not appear in the output at all, even as harmless text
/// (`Don't paste javascript: links`), so that a plain substring check can
/// vouch for every rendered body.
const DEFANGED: [&str; 2] = ["javascript:", "srcdoc"];

/// Writes the last character of each [`DEFANGED`] word as a numeric character
/// reference. Browsers decode it in text and attribute values alike, so
/// nothing changes for the reader; the words only ever occur there, since the
/// allow-list has no such tag or attribute names.
fn defang(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        let hit = DEFANGED.iter().find(|word| {
            bytes[at..]
                .get(..word.len())
                .is_some_and(|window| window.eq_ignore_ascii_case(word.as_bytes()))
        });
        match hit {
            Some(word) => {
                // The words are ASCII, so these are character boundaries.
                let last = at + word.len() - 1;
                out.push_str(&html[copied..last]);
                out.push_str(&format!("&#{};", bytes[last]));
                at = last + 1;
                copied = at;
            }
            None => at += 1,
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// The text a reader sees, with block boundaries as spaces and whitespace
/// collapsed.
fn plain_text(body: &str) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(body, options()) {
        match event {
            Event::Text(s) | Event::Code(s) | Event::Html(s) | Event::InlineHtml(s) => {
                text.push_str(&s);
            }
            Event::SoftBreak | Event::HardBreak | Event::Rule => text.push(' '),
            Event::End(end) if ends_block(end) => text.push(' '),
            _ => {}
        }
    }
    let text: String = text
        .chars()
        .filter(|&c| !is_bidi_control(c))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn ends_block(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
    )
}

/// At most `max` characters; a cut text ends in `…`, at a word boundary
/// unless that would lose more than half of it.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let Some(keep) = max.checked_sub(1) else {
        return String::new();
    };
    let cut = text.char_indices().nth(keep).map_or(text.len(), |(i, _)| i);
    let mut head = &text[..cut];
    if !text[cut..].starts_with(char::is_whitespace)
        && let Some(space) = head.rfind(char::is_whitespace)
        && head[..space].chars().count() >= keep / 2
    {
        head = &head[..space];
    }
    format!("{}…", head.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kari(handle: &str) -> Option<String> {
        (handle == "kari").then(|| "Kari Nordmann".to_owned())
    }

    fn html(body: &str) -> String {
        render(body, &kari).html
    }

    const KARI_LINK: &str =
        r#"<a class="mention" href="/people/kari" rel="noopener noreferrer nofollow">@kari</a>"#;

    #[test]
    fn bidi_controls_never_reach_the_output_not_even_as_entities() {
        let body = "a \u{202E}b &#x202E;c &#8238;d &#x2067;e `\u{2066}f` [g&#x202D;](https://x.test/&#x202E;)\n\n    \u{202B}h";
        let bidi = |s: &str| s.chars().any(samspill_domain::text::is_bidi_control);
        let out = html(body);
        assert!(!bidi(&out), "{out}");
        assert!(out.contains("a b c d e"), "{out}");
        assert!(!bidi(&excerpt(body, 200)));
    }

    #[test]
    fn an_empty_or_blank_body_renders_to_nothing() {
        for body in ["", "   ", "\n\t\n"] {
            assert_eq!(render(body, &kari), Rendered::default());
        }
    }

    #[test]
    fn a_resolved_mention_becomes_a_link_to_the_person() {
        let rendered = render("Thanks @Kari!", &kari);
        assert_eq!(rendered.html, format!("<p>Thanks {KARI_LINK}!</p>\n"));
        assert_eq!(rendered.mentions, ["kari"]);
    }

    #[test]
    fn an_unresolved_mention_stays_plain_text() {
        let rendered = render("Ask @ola.nordmann", &kari);
        assert_eq!(rendered.html, "<p>Ask @ola.nordmann</p>\n");
        assert!(rendered.mentions.is_empty(), "only resolved handles count");
        assert_eq!(mentions("Ask @ola.nordmann"), ["ola.nordmann"]);
    }

    #[test]
    fn an_email_address_is_not_a_mention() {
        assert!(mentions("Write to kari@acme.no or @kari@acme.no").is_empty());
        assert!(!html("kari@acme.no").contains("mention"));
    }

    #[test]
    fn a_trailing_dot_ends_the_mention() {
        assert_eq!(mentions("Ask @kari. Or @ola.n."), ["kari", "ola.n"]);
        assert_eq!(html("Ask @kari."), format!("<p>Ask {KARI_LINK}.</p>\n"));
    }

    #[test]
    fn a_handle_must_have_two_to_thirty_two_characters() {
        let long = format!("@{}", "a".repeat(33));
        assert!(mentions("@k").is_empty());
        assert!(mentions(&long).is_empty());
        assert_eq!(mentions(&long[..33]).len(), 1);
        assert!(mentions("@.kari @_kari").is_empty());
    }

    #[test]
    fn mentions_are_deduplicated_in_order_of_first_appearance() {
        assert_eq!(mentions("@ola @Kari @OLA @kari"), ["ola", "kari"]);
    }

    #[test]
    fn a_mention_in_code_is_not_linked() {
        let body = "`@kari`\n\n```\n@kari\n```\n\n    @kari";
        let rendered = render(body, &kari);
        assert!(!rendered.html.contains("mention"), "{}", rendered.html);
        assert!(rendered.mentions.is_empty());
        assert!(mentions(body).is_empty());
    }

    #[test]
    fn a_mention_or_topic_in_a_url_is_not_recognised() {
        let body = "[me](https://x.no/@kari#top) <https://x.no/@kari> https://x.no/@kari#top";
        let rendered = render(body, &kari);
        assert!(!rendered.html.contains("mention"), "{}", rendered.html);
        assert!(rendered.topics.is_empty());
        assert!(mentions(body).is_empty());
    }

    #[test]
    fn a_topic_with_norwegian_letters_becomes_a_link() {
        let rendered = render("Sesong for #Blåbær og #smørbrød_2", &kari);
        assert_eq!(
            rendered.html,
            "<p>Sesong for <a class=\"topic\" href=\"/topics/blåbær\" rel=\"noopener noreferrer nofollow\">#Blåbær</a> og \
             <a class=\"topic\" href=\"/topics/smørbrød_2\" rel=\"noopener noreferrer nofollow\">#smørbrød_2</a></p>\n"
        );
        assert_eq!(rendered.topics, ["blåbær", "smørbrød_2"]);
    }

    #[test]
    fn a_topic_must_start_with_a_letter() {
        assert!(topics("Issue #1 and #2024").is_empty());
        assert!(!html("Issue #1").contains("<a"));
        assert_eq!(topics("#q3"), ["q3"]);
    }

    #[test]
    fn topics_are_lowercase_and_deduplicated_and_not_inside_words() {
        assert_eq!(topics("#Rust #rust C#sharp #Æble"), ["rust", "æble"]);
        assert!(topics(&format!("#{}", "a".repeat(51))).is_empty());
    }

    #[test]
    fn links_keep_only_http_https_and_mailto() {
        let cases = [
            ("[x](https://acme.no/a)", Some("https://acme.no/a")),
            ("[x](HTTP://acme.no)", Some("http://acme.no")),
            ("[x](mailto:kari@acme.no)", Some("mailto:kari@acme.no")),
            ("<kari@acme.no>", Some("mailto:kari@acme.no")),
            ("[x](javascript:alert(1))", None),
            ("[x](JaVaScRiPt:alert(1))", None),
            ("[x](data:text/html;base64,PHNjcmlwdD4=)", None),
            ("[x](vbscript:msgbox)", None),
            ("[x](ftp://acme.no)", None),
            ("[x](/people/kari)", None),
            ("[x](//evil.example)", None),
            ("[x][r]\n\n[r]: javascript:alert(1)", None),
        ];
        for (body, href) in cases {
            let out = html(body);
            match href {
                Some(href) => assert!(out.contains(&format!("href=\"{href}\"")), "{body}: {out}"),
                None => assert!(!out.contains("href"), "{body}: {out}"),
            }
            assert!(
                out.contains('x') || body.starts_with('<'),
                "text kept: {out}"
            );
        }
    }

    #[test]
    fn every_link_gets_rel_and_no_target() {
        let out = html("[a](https://acme.no) https://acme.no/b @kari #topic <mailto:x@acme.no>");
        assert_eq!(out.matches("<a ").count(), 5, "{out}");
        assert_eq!(
            out.matches(r#"rel="noopener noreferrer nofollow""#).count(),
            5
        );
        assert!(!out.contains("target"));
    }

    #[test]
    fn headings_move_down_two_levels() {
        let out = html("# One\n## Two\n### Three\n#### Four\n###### Six");
        assert_eq!(
            out,
            "<h3>One</h3>\n<h4>Two</h4>\n<h5>Three</h5>\n<h6>Four</h6>\n<h6>Six</h6>\n"
        );
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        assert_eq!(
            html("Hi <b onclick=x>there</b>"),
            "<p>Hi &lt;b onclick=x&gt;there&lt;/b&gt;</p>\n"
        );
        assert_eq!(
            html("<div>\n<script>alert(1)</script>\n</div>"),
            "<p>&lt;div&gt;\n&lt;script&gt;alert(1)&lt;/script&gt;\n&lt;/div&gt;</p>\n"
        );
    }

    #[test]
    fn an_image_becomes_a_link_to_its_url() {
        let rel = LINK_REL;
        assert_eq!(
            html("![chart](https://acme.no/c.png)"),
            format!("<p><a href=\"https://acme.no/c.png\" rel=\"{rel}\">chart</a></p>\n")
        );
        assert_eq!(
            html("![](https://acme.no/c.png)"),
            format!(
                "<p><a href=\"https://acme.no/c.png\" rel=\"{rel}\">https://acme.no/c.png</a></p>\n"
            )
        );
        assert_eq!(html("![chart](javascript:alert(1))"), "<p>chart</p>\n");
        assert_eq!(
            html("[![badge](https://acme.no/b.svg)](https://acme.no)"),
            format!("<p><a href=\"https://acme.no\" rel=\"{rel}\">badge</a></p>\n")
        );
    }

    #[test]
    fn bare_urls_become_links_without_trailing_punctuation() {
        assert_eq!(
            html("See https://acme.no/a_(b). Or (http://acme.no)."),
            format!(
                "<p>See <a href=\"https://acme.no/a_(b)\" rel=\"{LINK_REL}\">https://acme.no/a_(b)</a>. \
                 Or (<a href=\"http://acme.no\" rel=\"{LINK_REL}\">http://acme.no</a>).</p>\n"
            )
        );
    }

    #[test]
    fn javascript_and_srcdoc_never_appear_even_as_text() {
        let out = html("Never paste JavaScript: links or `srcdoc`.");
        assert_eq!(
            out,
            "<p>Never paste JavaScript&#58; links or <code>srcdo&#99;</code>.</p>\n"
        );
    }

    #[test]
    fn tables_lists_and_strikethrough_survive_without_styles() {
        let out = html("| a | b |\n|:--|--:|\n| 1 | ~~2~~ |\n\n3. three\n4. four");
        assert!(out.contains("<table><thead><tr><th>a</th>"), "{out}");
        assert!(out.contains("<td><del>2</del></td>"), "{out}");
        assert!(out.contains("<ol start=\"3\">"), "{out}");
        assert!(!out.contains("style"), "{out}");
    }

    #[test]
    fn code_blocks_lose_their_language_class_and_task_lists_stay_text() {
        assert_eq!(
            html("```rust\nlet x = 1;\n```"),
            "<pre><code>let x = 1;\n</code></pre>\n"
        );
        assert_eq!(html("- [x] done"), "<ul>\n<li>[x] done</li>\n</ul>\n");
    }

    #[test]
    fn markup_nested_too_deep_is_flattened() {
        let out = html(&format!("{} deep", ">".repeat(1_000)));
        assert_eq!(out.matches("<blockquote>").count(), MAX_DEPTH);
        assert_eq!(out.matches("</blockquote>").count(), MAX_DEPTH);
        assert!(out.contains("deep"), "{out}");
    }

    #[test]
    fn excerpt_strips_markdown_and_collapses_whitespace() {
        let body =
            "# Title\n\nSome **bold** and `code`, [a link](https://acme.no).\n\n- one\n- two";
        assert_eq!(
            excerpt(body, 100),
            "Title Some bold and code, a link. one two"
        );
    }

    #[test]
    fn excerpt_cuts_at_a_word_and_adds_an_ellipsis() {
        assert_eq!(excerpt("Blåbær og tyttebær i skogen", 12), "Blåbær og…");
        assert_eq!(excerpt("Blåbær og tyttebær", 18), "Blåbær og tyttebær");
        assert_eq!(excerpt("Supercalifragilistic", 6), "Super…");
        assert_eq!(excerpt("anything", 0), "");
    }

    #[test]
    fn excerpt_never_exceeds_max_characters() {
        let body = "Ærlig talt, @kari: dette er **lang** tekst med æøå og mer.";
        for max in 0..70 {
            assert!(excerpt(body, max).chars().count() <= max, "max {max}");
        }
    }

    #[test]
    fn scan_splits_prose_into_pieces() {
        assert_eq!(
            scan("hi @kari, #t x@y.no"),
            [
                Piece::Text("hi "),
                Piece::Mention("kari"),
                Piece::Text(", "),
                Piece::Topic("t"),
                Piece::Text(" x@y.no"),
            ]
        );
    }
}
