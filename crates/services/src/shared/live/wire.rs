//! Live events as `NOTIFY` payloads: compact text, ids only.
//!
//! A payload is a header line `1 ORIGIN` (the format's version and the
//! sending bus's id, so a bus can tell its own events) and one line per
//! event, ids as 32 hex digits:
//!
//! ```text
//! 1 0193b3c4e5f67a8b9c0d1e2f3a4b5c6d
//! p POST SPACE AUTHOR      a post was created
//! c COMMENT POST           a comment was added
//! n NOTIFICATION RECIPIENT a person got a notification
//! f PERSON                 a person's feed sources changed
//! ```
//!
//! A line is at most 101 bytes, so [`Batch`] packs up to about 75 events
//! into one payload below [`samspill_store::live::MAX_PAYLOAD`]. Decoding
//! never panics: a payload without a valid header is refused, and a line
//! it cannot read is skipped and counted.

use std::fmt::Write as _;

use samspill_domain::{CommentId, NotificationId, PersonId, PostId, SpaceId};
use uuid::Uuid;

use super::LiveEvent;

/// The format's version, first on the header line.
const VERSION: &str = "1";

/// The largest payload a [`Batch`] makes: below PostgreSQL's limit with
/// room to spare.
pub const LIMIT: usize = 7800;
const _: () = assert!(LIMIT <= samspill_store::live::MAX_PAYLOAD);

/// Events packed into one payload.
#[derive(Debug, Clone)]
pub struct Batch {
    text: String,
    events: usize,
}

impl Batch {
    /// An empty batch from the bus `origin`.
    #[must_use]
    pub fn new(origin: Uuid) -> Self {
        Self {
            text: format!("{VERSION} {}", origin.simple()),
            events: 0,
        }
    }

    /// Adds `event` when it fits; `false` when the batch is full (nothing
    /// added). Events that never leave the process ([`LiveEvent::Resync`])
    /// are accepted and left out.
    pub fn push(&mut self, event: &LiveEvent) -> bool {
        let Some(line) = line(event) else {
            return true;
        };
        if self.text.len() + 1 + line.len() > LIMIT {
            return false;
        }
        self.text.push('\n');
        self.text.push_str(&line);
        self.events += 1;
        true
    }

    /// How many events it carries.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.events
    }

    /// True when it carries none.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.events == 0
    }

    /// The payload.
    #[must_use]
    pub fn payload(&self) -> &str {
        &self.text
    }
}

/// One event's line, or `None` for one that stays in the process.
fn line(event: &LiveEvent) -> Option<String> {
    let mut s = String::with_capacity(101);
    // Writing to a String cannot fail.
    let _ = match *event {
        LiveEvent::PostCreated {
            post,
            space,
            author,
        } => write!(
            s,
            "p {} {} {}",
            post.as_uuid().simple(),
            space.as_uuid().simple(),
            author.as_uuid().simple()
        ),
        LiveEvent::CommentCreated { comment, post } => write!(
            s,
            "c {} {}",
            comment.as_uuid().simple(),
            post.as_uuid().simple()
        ),
        LiveEvent::Notification { id, recipient } => write!(
            s,
            "n {} {}",
            id.as_uuid().simple(),
            recipient.as_uuid().simple()
        ),
        LiveEvent::FeedChanged { person } => write!(s, "f {}", person.as_uuid().simple()),
        LiveEvent::Resync => return None,
    };
    Some(s)
}

/// A decoded payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The bus that sent it.
    pub origin: Uuid,
    /// Its events, in order.
    pub events: Vec<LiveEvent>,
    /// Lines that could not be read (skipped).
    pub skipped: usize,
}

/// Why a payload was refused as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Malformed {
    /// The first line is not `1 ORIGIN`.
    #[error("the payload does not start with a version 1 header")]
    Header,
}

/// Reads a payload made by [`Batch`].
///
/// # Errors
/// [`Malformed::Header`] when the header is missing or of another version.
pub fn decode(payload: &str) -> Result<Decoded, Malformed> {
    let mut lines = payload.split('\n');
    let header = lines.next().unwrap_or_default();
    let origin = match header.split_once(' ') {
        Some((VERSION, id)) => Uuid::try_parse(id).map_err(|_| Malformed::Header)?,
        _ => return Err(Malformed::Header),
    };
    let mut events = Vec::new();
    let mut skipped = 0;
    for l in lines {
        match event(l) {
            Some(e) => events.push(e),
            None => skipped += 1,
        }
    }
    Ok(Decoded {
        origin,
        events,
        skipped,
    })
}

fn event(line: &str) -> Option<LiveEvent> {
    let mut parts = line.split(' ');
    let kind = parts.next()?;
    let mut id = || parts.next().and_then(|p| Uuid::try_parse(p).ok());
    let e = match kind {
        "p" => LiveEvent::PostCreated {
            post: PostId::from_uuid(id()?),
            space: SpaceId::from_uuid(id()?),
            author: PersonId::from_uuid(id()?),
        },
        "c" => LiveEvent::CommentCreated {
            comment: CommentId::from_uuid(id()?),
            post: PostId::from_uuid(id()?),
        },
        "n" => LiveEvent::Notification {
            id: NotificationId::from_uuid(id()?),
            recipient: PersonId::from_uuid(id()?),
        },
        "f" => LiveEvent::FeedChanged {
            person: PersonId::from_uuid(id()?),
        },
        _ => return None,
    };
    // Nothing may follow the ids.
    parts.next().is_none().then_some(e)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn all() -> Vec<LiveEvent> {
        vec![
            LiveEvent::PostCreated {
                post: PostId::new(),
                space: SpaceId::new(),
                author: PersonId::new(),
            },
            LiveEvent::CommentCreated {
                comment: CommentId::new(),
                post: PostId::new(),
            },
            LiveEvent::Notification {
                id: NotificationId::new(),
                recipient: PersonId::new(),
            },
            LiveEvent::FeedChanged {
                person: PersonId::new(),
            },
        ]
    }

    #[test]
    fn every_event_survives_the_round_trip_and_resync_stays_home() {
        let origin = Uuid::now_v7();
        let mut b = Batch::new(origin);
        let events = all();
        for e in &events {
            assert!(b.push(e));
        }
        assert!(b.push(&LiveEvent::Resync));
        assert_eq!(b.len(), 4);
        let d = decode(b.payload()).unwrap();
        assert_eq!(d.origin, origin);
        assert_eq!(d.events, events);
        assert_eq!(d.skipped, 0);
    }

    #[test]
    fn a_full_batch_stays_below_the_notify_limit() {
        let mut b = Batch::new(Uuid::now_v7());
        let e = all()[0];
        let mut n = 0;
        while b.push(&e) {
            n += 1;
        }
        assert!(n >= 70, "{n} posts fit");
        assert!(b.payload().len() <= LIMIT);
        assert_eq!(decode(b.payload()).unwrap().events.len(), n);
    }

    #[test]
    fn malformed_payloads_are_refused_or_skipped_line_by_line() {
        assert_eq!(decode(""), Err(Malformed::Header));
        assert_eq!(decode("garbage"), Err(Malformed::Header));
        assert_eq!(
            decode("2 0193b3c4e5f67a8b9c0d1e2f3a4b5c6d"),
            Err(Malformed::Header)
        );
        assert_eq!(decode("1 not-a-uuid\nf x"), Err(Malformed::Header));
        let person = PersonId::new();
        let text = format!(
            "1 {}\nx 1 2\np {}\nf {} extra\n\nf {}",
            Uuid::now_v7().simple(),
            Uuid::now_v7().simple(),
            Uuid::now_v7().simple(),
            person.as_uuid().simple()
        );
        let d = decode(&text).unwrap();
        assert_eq!(d.events, vec![LiveEvent::FeedChanged { person }]);
        assert_eq!(d.skipped, 4);
    }

    proptest! {
        #[test]
        fn decoding_never_panics(s in "\\PC{0,300}", t in "[0-9a-f pcnf\\n-]{0,300}") {
            let _ = decode(&s);
            let _ = decode(&t);
            let _ = decode(&format!("1 {}\n{t}", Uuid::now_v7().simple()));
        }
    }
}
