//! Strings of the consultations pages, in English and Norwegian Bokmål.
//! Each language is one value of [`ConsultationMsgs`], so a string missing
//! from either is a compile error.

use samspill_domain::consultations::{IdeaStatus, Phase};

/// Every string of the consultations pages.
#[derive(Debug)]
pub struct ConsultationMsgs {
    pub title: &'static str,
    pub intro: &'static str,
    pub new_button: &'static str,
    pub none: &'static str,
    pub open_for_you: &'static str,
    pub others: &'static str,
    pub ideas_count: &'static str,
    pub closes: &'static str,
    pub due: &'static str,
    pub overdue: &'static str,
    pub overdue_badge: &'static str,
    pub by: &'static str,
    pub scope_heading: &'static str,
    pub decided: &'static str,
    pub open_for_input: &'static str,
    pub out_of_scope: &'static str,
    pub decided_by: &'static str,
    pub decision_rule: &'static str,
    pub audience: &'static str,
    pub visible_to: &'static str,
    pub vis_audience: &'static str,
    pub vis_everyone: &'static str,
    pub phase_heading: &'static str,
    pub ph_draft: &'static str,
    pub ph_open: &'static str,
    pub ph_reviewing: &'static str,
    pub ph_decided: &'static str,
    pub ph_closed: &'static str,
    pub move_to: &'static str,
    pub ideas_heading: &'static str,
    pub no_ideas: &'static str,
    pub submit_heading: &'static str,
    pub idea_title: &'static str,
    pub idea_body: &'static str,
    pub submit_button: &'static str,
    pub votes: &'static str,
    pub vote_button: &'static str,
    pub unvote_button: &'static str,
    pub comment_label: &'static str,
    pub comment_button: &'static str,
    pub status_label: &'static str,
    pub no_status: &'static str,
    pub st_under_review: &'static str,
    pub st_accepted: &'static str,
    pub st_declined: &'static str,
    pub st_parked: &'static str,
    pub st_implemented: &'static str,
    pub explanation: &'static str,
    pub set_status: &'static str,
    pub report_heading: &'static str,
    pub report_body: &'static str,
    pub outcome_for: &'static str,
    pub save_report: &'static str,
    pub report_missing_note: &'static str,
    pub new_title: &'static str,
    pub form_title: &'static str,
    pub form_body: &'static str,
    pub form_closes: &'static str,
    pub form_due: &'static str,
    pub form_audience: &'static str,
    pub form_audience_hint: &'static str,
    pub create_button: &'static str,
    pub draft_note: &'static str,
}

/// English.
pub static EN: ConsultationMsgs = ConsultationMsgs {
    title: "Consultations",
    intro: "Questions leaders ask their units, with what is decided and what is open for your input.",
    new_button: "New consultation",
    none: "No consultations yet.",
    open_for_you: "Open for your input",
    others: "Other consultations",
    ideas_count: "ideas",
    closes: "Input closes",
    due: "Decision promised by",
    overdue: "The promised decision date has passed.",
    overdue_badge: "Decision overdue",
    by: "by",
    scope_heading: "Involvement scope",
    decided: "Already decided",
    open_for_input: "Open for input",
    out_of_scope: "Out of scope",
    decided_by: "Who decides",
    decision_rule: "Decision rule",
    audience: "Audience (with sub-units)",
    visible_to: "Who may read it",
    vis_audience: "The audience only",
    vis_everyone: "Everyone",
    phase_heading: "Phase",
    ph_draft: "Draft",
    ph_open: "Open",
    ph_reviewing: "Reviewing",
    ph_decided: "Decided",
    ph_closed: "Closed",
    move_to: "Move to",
    ideas_heading: "Ideas",
    no_ideas: "No ideas yet.",
    submit_heading: "Submit an idea",
    idea_title: "Title",
    idea_body: "Details (optional)",
    submit_button: "Submit idea",
    votes: "votes",
    vote_button: "Vote",
    unvote_button: "Withdraw vote",
    comment_label: "Comment",
    comment_button: "Comment",
    status_label: "Status",
    no_status: "No status yet",
    st_under_review: "Under review",
    st_accepted: "Accepted",
    st_declined: "Declined",
    st_parked: "Parked",
    st_implemented: "Implemented",
    explanation: "Explanation (a real sentence for declined or parked)",
    set_status: "Set status",
    report_heading: "You said, we did",
    report_body: "Report",
    outcome_for: "What came of",
    save_report: "Save report",
    report_missing_note: "A consultation closes with a report that says what came of every idea, and a status on every idea.",
    new_title: "New consultation",
    form_title: "Question or title",
    form_body: "Background (Markdown)",
    form_closes: "Input closes (UTC)",
    form_due: "Decision promised by (UTC)",
    form_audience: "Audience units",
    form_audience_hint: "Each unit with everything below it.",
    create_button: "Save as draft",
    draft_note: "Only you see this draft. Open it to address the audience.",
};

/// Norwegian Bokmål.
pub static NB: ConsultationMsgs = ConsultationMsgs {
    title: "Høringer",
    intro: "Spørsmål ledere stiller enhetene sine, med hva som er bestemt og hva som er åpent for innspill.",
    new_button: "Ny høring",
    none: "Ingen høringer ennå.",
    open_for_you: "Åpne for dine innspill",
    others: "Andre høringer",
    ideas_count: "innspill",
    closes: "Innspill stenger",
    due: "Beslutning lovet innen",
    overdue: "Den lovede beslutningsdatoen er passert.",
    overdue_badge: "Beslutning forsinket",
    by: "av",
    scope_heading: "Medvirkningsrammer",
    decided: "Allerede bestemt",
    open_for_input: "Åpent for innspill",
    out_of_scope: "Utenfor rammen",
    decided_by: "Hvem bestemmer",
    decision_rule: "Beslutningsregel",
    audience: "Målgruppe (med underenheter)",
    visible_to: "Hvem kan lese den",
    vis_audience: "Bare målgruppen",
    vis_everyone: "Alle",
    phase_heading: "Fase",
    ph_draft: "Utkast",
    ph_open: "Åpen",
    ph_reviewing: "Til vurdering",
    ph_decided: "Besluttet",
    ph_closed: "Avsluttet",
    move_to: "Gå videre til",
    ideas_heading: "Innspill",
    no_ideas: "Ingen innspill ennå.",
    submit_heading: "Send inn et innspill",
    idea_title: "Tittel",
    idea_body: "Detaljer (valgfritt)",
    submit_button: "Send innspill",
    votes: "stemmer",
    vote_button: "Stem",
    unvote_button: "Trekk stemmen",
    comment_label: "Kommentar",
    comment_button: "Kommenter",
    status_label: "Status",
    no_status: "Ingen status ennå",
    st_under_review: "Vurderes",
    st_accepted: "Godtatt",
    st_declined: "Avslått",
    st_parked: "Parkert",
    st_implemented: "Gjennomført",
    explanation: "Begrunnelse (en ordentlig setning ved avslått eller parkert)",
    set_status: "Sett status",
    report_heading: "Dere sa, vi gjorde",
    report_body: "Rapport",
    outcome_for: "Hva ble det av",
    save_report: "Lagre rapport",
    report_missing_note: "En høring avsluttes med en rapport som sier hva som ble av hvert innspill, og en status på hvert innspill.",
    new_title: "Ny høring",
    form_title: "Spørsmål eller tittel",
    form_body: "Bakgrunn (Markdown)",
    form_closes: "Innspill stenger (UTC)",
    form_due: "Beslutning lovet innen (UTC)",
    form_audience: "Enheter i målgruppen",
    form_audience_hint: "Hver enhet med alt under seg.",
    create_button: "Lagre som utkast",
    draft_note: "Bare du ser dette utkastet. Åpne det for å nå målgruppen.",
};

/// The strings in the language of `t` (the page's [`crate::i18n::Msgs`]).
#[must_use]
pub fn of(t: &crate::i18n::Msgs) -> &'static ConsultationMsgs {
    if t.lang == "nb" { &NB } else { &EN }
}

impl ConsultationMsgs {
    /// A phase's name.
    #[must_use]
    pub const fn phase(&self, p: &Phase) -> &'static str {
        match p {
            Phase::Draft => self.ph_draft,
            Phase::Open => self.ph_open,
            Phase::Reviewing => self.ph_reviewing,
            Phase::Decided => self.ph_decided,
            Phase::Closed => self.ph_closed,
        }
    }

    /// A status's name.
    #[must_use]
    pub const fn status(&self, s: &IdeaStatus) -> &'static str {
        match s {
            IdeaStatus::UnderReview => self.st_under_review,
            IdeaStatus::Accepted => self.st_accepted,
            IdeaStatus::Declined => self.st_declined,
            IdeaStatus::Parked => self.st_parked,
            IdeaStatus::Implemented => self.st_implemented,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_every_phase_and_status_worded() {
        for c in [&EN, &NB] {
            for p in Phase::ALL {
                assert!(!c.phase(&p).is_empty());
            }
            for s in IdeaStatus::ALL {
                assert!(!c.status(&s).is_empty());
            }
        }
        assert_ne!(EN.title, NB.title);
    }
}
