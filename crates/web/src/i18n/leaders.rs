//! Strings of the leadership corner, commitments and Ask-me-anything
//! threads, in English and Norwegian Bokmål (one value of [`LeadersMsgs`]
//! per language, so a string missing from either is a compile error).

use samspill_domain::Locale;
use samspill_domain::commitments::CommitmentState;

/// Every string of these pages.
#[derive(Debug)]
pub struct LeadersMsgs {
    pub corner_title: &'static str,
    pub corner_intro: &'static str,
    pub no_leaders: &'static str,
    pub leads: &'static str,
    pub open_commitments_n: &'static str,
    pub this_is_you: &'static str,
    pub give_feedback: &'static str,
    pub visions_title: &'static str,
    pub no_visions: &'static str,
    pub amas_title: &'static str,
    pub no_amas: &'static str,
    pub ama_counts: &'static str,
    pub start_ama: &'static str,
    pub ama_hint: &'static str,
    pub ama_title_label: &'static str,
    pub ama_body_label: &'static str,
    pub ama_space_label: &'static str,
    pub ama_button: &'static str,
    pub commitments_title: &'static str,
    pub no_commitments: &'static str,
    pub commitment_counts: &'static str,
    pub state_open: &'static str,
    pub state_kept: &'static str,
    pub state_missed: &'static str,
    pub due_on: &'static str,
    pub kept_on: &'static str,
    pub missed_on: &'static str,
    pub keep_label: &'static str,
    pub keep_button: &'static str,
    pub commitment: &'static str,
    pub make_commitment: &'static str,
    pub due_label: &'static str,
    pub commit_button: &'static str,
    pub see_source: &'static str,
    pub upvote: &'static str,
    pub upvoted: &'static str,
    pub upvotes_n: &'static str,
    pub answered: &'static str,
    pub ama_badge: &'static str,
}

/// English.
pub static EN: LeadersMsgs = LeadersMsgs {
    corner_title: "Leadership corner",
    corner_intro: "The people who lead our units: where they want to go, what they ask you, and what they have promised.",
    no_leaders: "No one leads a unit yet.",
    leads: "Leads",
    open_commitments_n: "Open commitments: {n}",
    this_is_you: "This is your corner, as others see it. Open commitments and missed dates are shown to you here.",
    give_feedback: "Give feedback",
    visions_title: "Visions and announcements",
    no_visions: "No visions or announcements you can read yet.",
    amas_title: "Ask me anything",
    no_amas: "No Ask-me-anything threads yet.",
    ama_counts: "{q} questions, {a} answered",
    start_ama: "Start an Ask-me-anything thread",
    ama_hint: "People ask their questions as comments and upvote the ones they want answered first; answer them with replies.",
    ama_title_label: "Title",
    ama_body_label: "What would you like to be asked about?",
    ama_space_label: "Where",
    ama_button: "Open the thread",
    commitments_title: "Commitments",
    no_commitments: "No commitments yet.",
    commitment_counts: "Open {open} · kept {kept} · missed {missed}",
    state_open: "Open",
    state_kept: "Kept",
    state_missed: "Missed",
    due_on: "due {date}",
    kept_on: "kept {date}",
    missed_on: "missed {date}",
    keep_label: "What was done?",
    keep_button: "Mark as kept",
    commitment: "Commitment",
    make_commitment: "Make this a commitment",
    due_label: "Due date",
    commit_button: "Save commitment",
    see_source: "See where it was made",
    upvote: "Upvote",
    upvoted: "Upvoted",
    upvotes_n: "{n} upvotes",
    answered: "Answered",
    ama_badge: "Ask me anything",
};

/// Norwegian Bokmål.
pub static NB: LeadersMsgs = LeadersMsgs {
    corner_title: "Lederhjørnet",
    corner_intro: "De som leder enhetene våre: hvor de vil, hva de spør deg om, og hva de har lovet.",
    no_leaders: "Ingen leder en enhet ennå.",
    leads: "Leder",
    open_commitments_n: "Åpne forpliktelser: {n}",
    this_is_you: "Dette er hjørnet ditt slik andre ser det. Åpne forpliktelser og passerte frister vises for deg her.",
    give_feedback: "Gi tilbakemelding",
    visions_title: "Visjoner og kunngjøringer",
    no_visions: "Ingen visjoner eller kunngjøringer du kan lese ennå.",
    amas_title: "Spør meg om hva som helst",
    no_amas: "Ingen spør-meg-om-hva-som-helst-tråder ennå.",
    ama_counts: "{q} spørsmål, {a} besvart",
    start_ama: "Start en spør-meg-om-hva-som-helst-tråd",
    ama_hint: "Folk stiller spørsmål som kommentarer og stemmer opp dem de vil ha svar på først; svar med svar på kommentaren.",
    ama_title_label: "Tittel",
    ama_body_label: "Hva vil du bli spurt om?",
    ama_space_label: "Hvor",
    ama_button: "Åpne tråden",
    commitments_title: "Forpliktelser",
    no_commitments: "Ingen forpliktelser ennå.",
    commitment_counts: "Åpne {open} · holdt {kept} · brutt {missed}",
    state_open: "Åpen",
    state_kept: "Holdt",
    state_missed: "Ikke holdt",
    due_on: "frist {date}",
    kept_on: "holdt {date}",
    missed_on: "ikke holdt {date}",
    keep_label: "Hva ble gjort?",
    keep_button: "Marker som holdt",
    commitment: "Forpliktelse",
    make_commitment: "Gjør dette til en forpliktelse",
    due_label: "Frist",
    commit_button: "Lagre forpliktelsen",
    see_source: "Se hvor den ble gitt",
    upvote: "Stem opp",
    upvoted: "Stemt opp",
    upvotes_n: "{n} stemmer",
    answered: "Besvart",
    ama_badge: "Spør meg",
};

/// The strings of `locale`.
#[must_use]
pub const fn msgs(locale: Locale) -> &'static LeadersMsgs {
    match locale {
        Locale::En => &EN,
        Locale::Nb => &NB,
    }
}

impl LeadersMsgs {
    /// The label of a commitment state (by reference, as templates pass it).
    #[must_use]
    pub const fn state(&self, s: &CommitmentState) -> &'static str {
        match *s {
            CommitmentState::Open => self.state_open,
            CommitmentState::Kept => self.state_kept,
            CommitmentState::Missed => self.state_missed,
        }
    }
}
