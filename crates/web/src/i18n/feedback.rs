//! Strings of the feedback pages, in English and Norwegian Bokmål. Each
//! language is one value of [`FeedbackMsgs`], so a string missing from
//! either is a compile error; pages get it as `f` beside the shared `t`.

use samspill_domain::{FeedbackCategory, FeedbackStatus, Locale};

/// Every string of the feedback pages.
#[derive(Debug)]
pub struct FeedbackMsgs {
    pub title_new: &'static str,
    pub intro_new: &'static str,
    pub title_inbox: &'static str,
    pub intro_inbox: &'static str,
    pub title_sent: &'static str,
    pub intro_sent: &'static str,
    pub title_item: &'static str,
    pub title_thread: &'static str,
    pub intro_thread: &'static str,
    pub give_feedback: &'static str,
    pub to_label: &'static str,
    pub to_choose: &'static str,
    pub to_leaders: &'static str,
    pub to_units: &'static str,
    pub to_unit_suffix: &'static str,
    pub category_label: &'static str,
    pub body_label: &'static str,
    pub body_hint: &'static str,
    pub anonymous_label: &'static str,
    pub anonymous_explain: &'static str,
    pub send_button: &'static str,
    pub sent_notice: &'static str,
    pub token_heading: &'static str,
    pub token_keep: &'static str,
    pub token_label: &'static str,
    pub token_use: &'static str,
    pub copy_button: &'static str,
    pub copied: &'static str,
    pub inbox_empty: &'static str,
    pub sent_empty: &'static str,
    pub anonymous_badge: &'static str,
    pub from_label: &'static str,
    pub status_label: &'static str,
    pub delivered_on: &'static str,
    pub waiting: &'static str,
    pub thread_heading: &'static str,
    pub no_messages: &'static str,
    pub answer_heading: &'static str,
    pub answer_hint: &'static str,
    pub answer_button: &'static str,
    pub writer_label: &'static str,
    pub open_thread: &'static str,
    pub reply_label: &'static str,
    pub reply_button: &'static str,
    pub reply_after_delivery: &'static str,
    pub wrong_token: &'static str,
    pub inbox_link: &'static str,
    pub sent_link: &'static str,
    pub thread_link: &'static str,
    pub cat_idea: &'static str,
    pub cat_concern: &'static str,
    pub cat_question: &'static str,
    pub cat_praise: &'static str,
    pub cat_leadership: &'static str,
    pub st_new: &'static str,
    pub st_acknowledged: &'static str,
    pub st_in_progress: &'static str,
    pub st_done: &'static str,
    pub st_wont_do: &'static str,
    pub why_unchanged: &'static str,
    pub why_back_to_new: &'static str,
    pub why_back_to_acknowledged: &'static str,
    pub why_closed: &'static str,
    pub why_not_delivered: &'static str,
    pub err_not_a_leader: &'static str,
    pub err_choose_addressee: &'static str,
}

pub static EN: FeedbackMsgs = FeedbackMsgs {
    title_new: "Give feedback",
    intro_new: "Tell a leader, or all the leaders of a unit, what you think: an idea, a concern, a question, praise, or feedback on their leadership.",
    title_inbox: "Feedback inbox",
    intro_inbox: "Feedback to you and to the units you lead. Anonymous feedback arrives in batches, at most once a day, in random order.",
    title_sent: "Feedback I sent",
    intro_sent: "Feedback you sent with your name, with its status and answers. Anonymous feedback is read with its reply token.",
    title_item: "Feedback",
    title_thread: "Anonymous feedback",
    intro_thread: "Paste the reply token you got when you sent anonymous feedback to read the answers and reply. No sign-in is needed, on any device.",
    give_feedback: "Give feedback",
    to_label: "To",
    to_choose: "Choose a leader or a unit",
    to_leaders: "A leader",
    to_units: "All leaders of a unit",
    to_unit_suffix: "(leaders)",
    category_label: "What is it about?",
    body_label: "Your feedback",
    body_hint: "Up to 5,000 characters.",
    anonymous_label: "Send anonymously",
    anonymous_explain: "Anonymous means what it says: Samspill stores no link between you and this feedback — not your name, not your session, not the time you wrote it. It reaches the leader in a batch with other anonymous feedback, at most once a day, when at least three are waiting or a week has passed. You get a reply token to read answers and reply; what you write can still give you away, so leave out details only you would know.",
    send_button: "Send feedback",
    sent_notice: "Your feedback was sent.",
    token_heading: "Your reply token",
    token_keep: "Keep this, we cannot recover it. It is shown only now, and it is the only way to read answers to your anonymous feedback.",
    token_label: "Reply token",
    token_use: "Open your feedback with this token on the anonymous feedback page, from any device.",
    copy_button: "Copy",
    copied: "Copied",
    inbox_empty: "No feedback yet.",
    sent_empty: "You have not sent feedback with your name yet.",
    anonymous_badge: "Anonymous",
    from_label: "From",
    status_label: "Status",
    delivered_on: "Delivered on",
    waiting: "Waiting for the next delivery",
    thread_heading: "Conversation",
    no_messages: "No answers yet.",
    answer_heading: "Answer",
    answer_hint: "Explain your decision in at least a sentence; the writer is told.",
    answer_button: "Send answer",
    writer_label: "The writer",
    open_thread: "Open",
    reply_label: "Your reply",
    reply_button: "Reply",
    reply_after_delivery: "You can reply once your feedback has been delivered.",
    wrong_token: "No feedback has this token. Check that you pasted all of it.",
    inbox_link: "Feedback inbox",
    sent_link: "Feedback I sent",
    thread_link: "Read anonymous feedback with a token",
    cat_idea: "Idea",
    cat_concern: "Concern",
    cat_question: "Question",
    cat_praise: "Praise",
    cat_leadership: "Leadership",
    st_new: "New",
    st_acknowledged: "Acknowledged",
    st_in_progress: "In progress",
    st_done: "Done",
    st_wont_do: "Won't do",
    why_unchanged: "The feedback already has this status; another leader may just have answered.",
    why_back_to_new: "An answered item cannot become new again.",
    why_back_to_acknowledged: "Feedback in progress or closed cannot go back to acknowledged.",
    why_closed: "Closed feedback is reopened as in progress first.",
    why_not_delivered: "You can reply once your feedback has been delivered.",
    err_not_a_leader: "Choose a leader or a unit with leaders.",
    err_choose_addressee: "Choose who the feedback is for.",
};

pub static NB: FeedbackMsgs = FeedbackMsgs {
    title_new: "Gi tilbakemelding",
    intro_new: "Si fra til en leder, eller til alle lederne i en enhet: en idé, en bekymring, et spørsmål, ros eller tilbakemelding på lederskapet.",
    title_inbox: "Innboks for tilbakemeldinger",
    intro_inbox: "Tilbakemeldinger til deg og til enhetene du leder. Anonyme tilbakemeldinger kommer samlet, høyst én gang om dagen, i tilfeldig rekkefølge.",
    title_sent: "Tilbakemeldinger jeg har sendt",
    intro_sent: "Tilbakemeldinger du har sendt med navnet ditt, med status og svar. Anonyme tilbakemeldinger leses med svarkoden.",
    title_item: "Tilbakemelding",
    title_thread: "Anonym tilbakemelding",
    intro_thread: "Lim inn svarkoden du fikk da du sendte en anonym tilbakemelding for å lese svarene og svare. Du trenger ikke logge inn, og det virker fra alle enheter.",
    give_feedback: "Gi tilbakemelding",
    to_label: "Til",
    to_choose: "Velg en leder eller en enhet",
    to_leaders: "En leder",
    to_units: "Alle lederne i en enhet",
    to_unit_suffix: "(ledere)",
    category_label: "Hva gjelder det?",
    body_label: "Tilbakemeldingen din",
    body_hint: "Opptil 5 000 tegn.",
    anonymous_label: "Send anonymt",
    anonymous_explain: "Anonymt betyr det det sier: Samspill lagrer ingen kobling mellom deg og denne tilbakemeldingen – ikke navnet ditt, ikke økten din, ikke tidspunktet du skrev den. Den når lederen samlet med andre anonyme tilbakemeldinger, høyst én gang om dagen, når minst tre venter eller det har gått en uke. Du får en svarkode for å lese svar og svare; det du skriver kan likevel avsløre deg, så utelat detaljer bare du kjenner til.",
    send_button: "Send tilbakemelding",
    sent_notice: "Tilbakemeldingen din er sendt.",
    token_heading: "Svarkoden din",
    token_keep: "Ta vare på denne, vi kan ikke gjenopprette den. Den vises bare nå, og den er den eneste måten å lese svar på den anonyme tilbakemeldingen din.",
    token_label: "Svarkode",
    token_use: "Åpne tilbakemeldingen med denne koden på siden for anonyme tilbakemeldinger, fra hvilken som helst enhet.",
    copy_button: "Kopier",
    copied: "Kopiert",
    inbox_empty: "Ingen tilbakemeldinger ennå.",
    sent_empty: "Du har ikke sendt tilbakemeldinger med navnet ditt ennå.",
    anonymous_badge: "Anonym",
    from_label: "Fra",
    status_label: "Status",
    delivered_on: "Levert",
    waiting: "Venter på neste levering",
    thread_heading: "Samtale",
    no_messages: "Ingen svar ennå.",
    answer_heading: "Svar",
    answer_hint: "Forklar beslutningen med minst én setning; den som skrev får beskjed.",
    answer_button: "Send svar",
    writer_label: "Avsenderen",
    open_thread: "Åpne",
    reply_label: "Svaret ditt",
    reply_button: "Svar",
    reply_after_delivery: "Du kan svare når tilbakemeldingen er levert.",
    wrong_token: "Ingen tilbakemelding har denne koden. Sjekk at du limte inn hele.",
    inbox_link: "Innboks for tilbakemeldinger",
    sent_link: "Tilbakemeldinger jeg har sendt",
    thread_link: "Les anonym tilbakemelding med svarkode",
    cat_idea: "Idé",
    cat_concern: "Bekymring",
    cat_question: "Spørsmål",
    cat_praise: "Ros",
    cat_leadership: "Lederskap",
    st_new: "Ny",
    st_acknowledged: "Mottatt",
    st_in_progress: "Under arbeid",
    st_done: "Gjennomført",
    st_wont_do: "Blir ikke gjort",
    why_unchanged: "Tilbakemeldingen har allerede denne statusen; en annen leder kan nettopp ha svart.",
    why_back_to_new: "En besvart tilbakemelding kan ikke bli ny igjen.",
    why_back_to_acknowledged: "En tilbakemelding under arbeid eller avsluttet kan ikke gå tilbake til mottatt.",
    why_closed: "En avsluttet tilbakemelding gjenåpnes som under arbeid først.",
    why_not_delivered: "Du kan svare når tilbakemeldingen er levert.",
    err_not_a_leader: "Velg en leder eller en enhet med ledere.",
    err_choose_addressee: "Velg hvem tilbakemeldingen er til.",
};

/// The strings of a language.
#[must_use]
pub fn msgs(locale: Locale) -> &'static FeedbackMsgs {
    match locale {
        Locale::En => &EN,
        Locale::Nb => &NB,
    }
}

impl FeedbackMsgs {
    /// The name of a category.
    #[must_use]
    pub const fn category(&self, c: FeedbackCategory) -> &'static str {
        match c {
            FeedbackCategory::Idea => self.cat_idea,
            FeedbackCategory::Concern => self.cat_concern,
            FeedbackCategory::Question => self.cat_question,
            FeedbackCategory::Praise => self.cat_praise,
            FeedbackCategory::Leadership => self.cat_leadership,
        }
    }

    /// The name of a status.
    #[must_use]
    pub const fn status(&self, s: FeedbackStatus) -> &'static str {
        match s {
            FeedbackStatus::New => self.st_new,
            FeedbackStatus::Acknowledged => self.st_acknowledged,
            FeedbackStatus::InProgress => self.st_in_progress,
            FeedbackStatus::Done => self.st_done,
            FeedbackStatus::WontDo => self.st_wont_do,
        }
    }

    /// Why an answer or reply was refused, by the services' conflict code.
    #[must_use]
    pub fn refusal(&self, code: &str) -> Option<&'static str> {
        Some(match code {
            "status_unchanged" => self.why_unchanged,
            "status_back_to_new" => self.why_back_to_new,
            "status_back_to_acknowledged" => self.why_back_to_acknowledged,
            "status_closed" => self.why_closed,
            "feedback_not_delivered" => self.why_not_delivered,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_of_the_status_machine_is_worded() {
        use samspill_domain::feedback::RefusedTransition as R;
        for f in [&EN, &NB] {
            for r in [
                R::Unchanged,
                R::BackToNew,
                R::BackToAcknowledged,
                R::ClosedToClosed,
            ] {
                assert!(f.refusal(r.code()).is_some(), "{}", r.code());
            }
            assert!(f.refusal("feedback_not_delivered").is_some());
        }
    }
}
