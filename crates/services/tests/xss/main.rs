//! XSS regression suite for `markdown::render`: every input in `corpus.txt`,
//! a few generated giants, and a property test over payload fragments must
//! render to HTML in which [`dangerous`] finds nothing.
//!
//! `corpus.txt` holds one input per line. Blank lines and lines starting with
//! `;;` are skipped; `\n`, `\r`, `\t`, `\0` and `\\` are unescaped, and any
//! other backslash stays as it is (Markdown uses them).

use proptest::prelude::*;
use samspill_services::shared::markdown::render;

const CORPUS: &str = include_str!("corpus.txt");

/// Substrings that must not occur anywhere in the output, case-insensitively.
/// Text `<` is always escaped, so the tag names only match real tags.
const FORBIDDEN: [&str; 16] = [
    "<script",
    "javascript:",
    "<svg",
    "<iframe",
    "<img",
    "<style",
    "srcdoc",
    "<object",
    "<embed",
    "<form",
    "<math",
    "<input",
    "<base",
    "<meta",
    "<link",
    "<textarea",
];

/// The tags and attributes the allow-list admits.
const TAGS: [&str; 23] = [
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
];

const HREF_PREFIXES: [&str; 5] = ["/", "http://", "https://", "mailto:", "#"];

const REL: &str = "noopener noreferrer nofollow";

fn kari(handle: &str) -> Option<String> {
    (handle == "kari").then(|| "Kari Nordmann".to_owned())
}

fn unescape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let replacement = match (c, chars.peek()) {
            ('\\', Some('n')) => Some('\n'),
            ('\\', Some('r')) => Some('\r'),
            ('\\', Some('t')) => Some('\t'),
            ('\\', Some('0')) => Some('\0'),
            ('\\', Some('\\')) => Some('\\'),
            _ => None,
        };
        match replacement {
            Some(r) => {
                chars.next();
                out.push(r);
            }
            None => out.push(c),
        }
    }
    out
}

fn corpus() -> Vec<String> {
    CORPUS
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with(";;"))
        .map(unescape)
        .collect()
}

/// A start tag: its name and attributes, lowercase.
#[derive(Debug)]
struct StartTag {
    name: String,
    attributes: Vec<(String, String)>,
}

/// The start tags in `html` (lowercased). Rendered text never holds a raw
/// `<`, so every `<` opens a tag; values are read with their quotes so that
/// a `>` inside one does not end the tag.
fn start_tags(html: &str) -> Vec<StartTag> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let (tag, after) = read_tag(&rest[open + 1..]);
        tags.extend(tag);
        rest = after;
    }
    tags
}

/// Reads one tag after its `<`; returns it (unless it is an end tag) and the rest.
fn read_tag(s: &str) -> (Option<StartTag>, &str) {
    let name_end = s
        .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .unwrap_or(s.len());
    let name = s[..name_end].to_owned();
    let mut rest = &s[name_end..];
    let mut attributes = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() || rest.starts_with('>') {
            break;
        }
        let attr_end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/')
            .unwrap_or(rest.len())
            .max(1);
        let attr = rest[..attr_end].to_owned();
        rest = &rest[attr_end..];
        let mut value = String::new();
        if let Some(after_eq) = rest.trim_start().strip_prefix('=') {
            let after_eq = after_eq.trim_start();
            let (v, r) = read_value(after_eq);
            value = v.to_owned();
            rest = r;
        }
        attributes.push((attr, value));
    }
    let rest = rest.strip_prefix('>').unwrap_or(rest);
    let tag = (!name.is_empty() && !name.starts_with('/')).then_some(StartTag { name, attributes });
    (tag, rest)
}

fn read_value(s: &str) -> (&str, &str) {
    match s.chars().next() {
        Some(quote @ ('"' | '\'')) => {
            let body = &s[1..];
            let end = body.find(quote).unwrap_or(body.len());
            (&body[..end], body.get(end + 1..).unwrap_or(""))
        }
        _ => {
            let end = s
                .find(|c: char| c.is_whitespace() || c == '>')
                .unwrap_or(s.len());
            (&s[..end], &s[end..])
        }
    }
}

/// Why `html` is unsafe, or `None` when it is fine.
fn dangerous(html: &str) -> Option<String> {
    let lower = html.to_lowercase();
    if let Some(needle) = FORBIDDEN.iter().find(|needle| lower.contains(*needle)) {
        return Some(format!("contains {needle}"));
    }
    start_tags(&lower).iter().find_map(bad_tag)
}

fn bad_tag(tag: &StartTag) -> Option<String> {
    if !TAGS.contains(&tag.name.as_str()) {
        return Some(format!("tag <{}>", tag.name));
    }
    let mut rel = None;
    for (name, value) in &tag.attributes {
        let fine = match name.as_str() {
            "href" => {
                tag.name == "a"
                    && HREF_PREFIXES.iter().any(|p| value.starts_with(p))
                    && !value.starts_with("//")
                    && !value.starts_with("/\\")
            }
            "class" => tag.name == "a" && matches!(value.as_str(), "mention" | "topic"),
            "start" => tag.name == "ol" && value.bytes().all(|b| b.is_ascii_digit()),
            "rel" => {
                rel = Some(value.as_str());
                tag.name == "a"
            }
            _ => false,
        };
        if !fine {
            return Some(format!("<{}> has {name}={value:?}", tag.name));
        }
    }
    (tag.name == "a" && rel != Some(REL)).then(|| format!("<a> with rel {rel:?}"))
}

fn check(body: &str) -> Result<(), String> {
    let html = render(body, &kari).html;
    match dangerous(&html) {
        None => Ok(()),
        Some(why) => Err(format!("{why}\n  input:  {body:?}\n  output: {html:?}")),
    }
}

#[test]
fn the_check_flags_what_it_should() {
    let bad = [
        "<p>x</p><SCRIPT>",
        "<a href=\"javascript:x\">",
        "<p>JavaScript:</p>",
        "<a href=\"data:text/html,x\" rel=\"noopener noreferrer nofollow\">",
        "<a href=\"//evil.example\" rel=\"noopener noreferrer nofollow\">",
        "<a href=\"https://ok.example\">no rel</a>",
        "<a href=\"https://ok.example\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">",
        "<p onclick=\"x\">",
        "<p/onclick=x>",
        "<em class=\"mention\">",
        "<div>",
        "<p>srcdoc</p>",
    ];
    for html in bad {
        assert!(dangerous(html).is_some(), "{html}");
    }
    let good = "<p>Hi <a class=\"mention\" href=\"/people/kari\" rel=\"noopener noreferrer nofollow\">@kari</a> \
                &lt;img onerror=x&gt; <a href=\"https://ok.example/?a=1&amp;b=2\" rel=\"noopener noreferrer nofollow\">x</a></p>\n\
                <ol start=\"3\">\n<li>x</li>\n</ol>";
    assert_eq!(dangerous(good), None);
}

#[test]
fn the_corpus_has_at_least_120_hostile_inputs() {
    assert!(corpus().len() >= 120, "{} inputs", corpus().len());
}

#[test]
fn no_corpus_input_renders_dangerous_html() {
    let failures: Vec<String> = corpus()
        .iter()
        .filter_map(|body| check(body).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn giant_and_deeply_nested_inputs_render_safely() {
    let giants = [
        ">".repeat(20_000) + " <img src=x onerror=alert(1)>",
        "- ".repeat(5_000) + "[x](javascript:alert(1))",
        "[".repeat(20_000) + "x](javascript:alert(1))",
        "![".repeat(10_000) + "x](javascript:alert(1))",
        "*".repeat(20_000) + "<svg onload=alert(1)>" + &"_".repeat(20_000),
        "`".repeat(20_000) + "<script>alert(1)</script>",
        "<script>".repeat(20_000),
        "@kari #topic https://ok.example/@kari ".repeat(5_000),
        "| a |\n|---|\n".to_owned() + &"| <img src=x onerror=alert(1)> |\n".repeat(5_000),
        "http://(".repeat(20_000),
        "http://a".to_owned() + &")".repeat(50_000),
        "-@a.a".repeat(20_000) + "<script>",
        "-#a".repeat(20_000) + "<script>",
        (0..20_000)
            .map(|i| format!("#t{i} @h{i} "))
            .collect::<String>(),
    ];
    for body in giants {
        if let Err(failure) = check(&body) {
            panic!("{}", failure.chars().take(2_000).collect::<String>());
        }
    }
}

/// Pieces of payloads that a random concatenation can assemble into
/// something nasty.
const FRAGMENTS: &[&str] = &[
    "<",
    ">",
    "\"",
    "'",
    "javascript:",
    "JaVaScRiPt:",
    "script",
    "onerror=",
    "@kari",
    "#topic",
    "[x](",
    "![x](",
    "](",
    ")",
    "`",
    "```",
    " ",
    "\n",
    "\n\n",
    "a",
    "b",
    "img src=x ",
    "svg",
    "srcdoc",
    "data:",
    "https://",
    "mailto:",
    "&#58;",
    "&#x3a;",
    "&",
    ";",
    "=",
    "/",
    "\\",
    "\0",
    "\t",
    "> ",
    "- ",
    "# ",
    "*",
    "_",
    "|",
];

fn hostile() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..64).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn fragments_of_payloads_never_render_dangerous_html(body in hostile()) {
        let result = check(&body);
        prop_assert!(result.is_ok(), "{}", result.err().unwrap_or_default());
    }
}
