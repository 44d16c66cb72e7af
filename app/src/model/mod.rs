//! Plain data shared by the server and the browser. No behaviour beyond small helpers.

mod analytics;
mod challenges;
mod delivery;
mod moderation;
mod people;
mod synthesis;

pub use analytics::{
    day_label, one_decimal, percent, Activeness, AnalyticsReport, DailyFigures, Dimension,
    FunnelStage, FunnelStep, GroupFigures, GroupName, ManagerChoice, PeopleList, PeopleQuery,
    PeriodKind, PersonActivity, ReportQuery, Responsiveness, ScopeChoice, Segment, Segments,
    WeekOverWeek, REFERENCE_SPLIT,
};
pub use challenges::{
    Audience, ChallengeChange, ChallengeDetail, ChallengeInput, ChallengeList, ChallengeSummary,
    CommentView, IdeaCard, IdeaDetail, IdeaLink, IdeaPage, IdeaSort, LaunchOptions, LiveEvent,
    ModeratorChoice, Notification, NotificationKind, PersonChoice, Phase, VoteReceipt, VotingRule,
};
pub use delivery::{
    DeliveryState, EmailFrequency, EmailPreferences, EmailPreferencesInput, Webhook,
    WebhookDelivery, WebhookFormat,
};
pub use moderation::{
    AcceptedTheme, AuditEntry, Board, BoardIdea, HiddenComment, ReportView, SuggestedTheme,
    ThemeView, THEME_COLOURS,
};
pub use people::{
    ImportOutcome, ImportReport, ImportRow, PasswordLink, Person, PersonInput, Role, SignInMethods,
    SsoProblem, Viewer,
};
pub use synthesis::{
    Composer, ComposerTheme, Contributor, DayActivity, Figures, Highlight, HighlightChoice,
    Infographic, InfographicTheme, Paper, SynthesisView,
};
