//! The challenge page: the question and brief, time left, the viewer's votes, the idea form, and
//! the ideas with sort orders, search and paging, all kept up to date live.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::{Form, A},
    hooks::{use_params_map, use_query_map},
};

use super::{
    author::{author_label, Writing},
    idea_form::SubmitIdea,
    manage::ManagePanel,
    vote::{VoteContext, VoteControl},
};
use crate::{
    api::{
        challenges::challenge,
        ideas::{list_ideas, PAGE_SIZE},
    },
    components::{
        error_notice::ErrorNotice,
        live::{use_live_events, Announcer, LiveAnnouncement},
        require_sign_in::RequireSignIn,
        time::{use_now, Countdown, LocalTime},
    },
    i18n::{t, t_string, td_string, use_i18n, Locale},
    model::{ChallengeDetail, IdeaCard, IdeaPage, IdeaSort, LiveEvent, Phase, Viewer, VotingRule},
};

/// What live events change on the page without fetching it again.
#[derive(Clone, Copy)]
pub struct LiveCounts {
    pub votes: RwSignal<HashMap<i64, i64>>,
    pub comments: RwSignal<HashMap<i64, i64>>,
}

/// The challenge id from the route; 0 (never a real id) when it is not a number.
pub fn challenge_id_param() -> Memo<i64> {
    let params = use_params_map();
    Memo::new(move |_| {
        params
            .read()
            .get("challenge_id")
            .and_then(|id| id.parse().ok())
            .unwrap_or(0)
    })
}

/// Resources, live subscription and drafts are created here, once per page, outside
/// `RequireSignIn`'s suspense (which the server may render more than once), so resource ids
/// match between server and browser and drafts survive every re-render below.
#[component]
pub fn ChallengePage() -> impl IntoView {
    let challenge_id = challenge_id_param();
    let query = use_query_map();
    let sort = Memo::new(move |_| {
        query
            .read()
            .get("sort")
            .and_then(|sort| IdeaSort::parse(&sort))
            .unwrap_or_default()
    });
    let search = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let page = Memo::new(move |_| {
        query
            .read()
            .get("page")
            .and_then(|page| page.parse::<i64>().ok())
            .unwrap_or(1)
    });
    let detail_version = RwSignal::new(0_u32);
    let ideas_version = RwSignal::new(0_u32);
    let detail = Resource::new(
        move || (challenge_id.get(), detail_version.get()),
        |(challenge_id, _)| challenge(challenge_id),
    );
    let ideas = Resource::new(
        move || {
            (
                challenge_id.get(),
                sort.get(),
                search.get(),
                page.get(),
                ideas_version.get(),
            )
        },
        |(challenge_id, sort, search, page, _)| list_ideas(challenge_id, sort, search, page),
    );
    let counts = LiveCounts {
        votes: RwSignal::new(HashMap::new()),
        comments: RwSignal::new(HashMap::new()),
    };
    // Receipts of this page's own votes; they are newer than the loaded challenge.
    let votes_left = RwSignal::new(None::<Option<i64>>);
    let announcer = Announcer::new();
    use_live_events(challenge_id.get_untracked(), move |event| {
        announcer.hear(&event);
        match event {
            LiveEvent::IdeasChanged => ideas_version.update(|v| *v += 1),
            LiveEvent::Votes { counts: totals } => {
                counts.votes.update(|votes| votes.extend(totals))
            }
            LiveEvent::Discussion {
                idea_id,
                comment_count,
            } => counts.comments.update(|comments| {
                comments.insert(idea_id, comment_count);
            }),
            LiveEvent::ChallengeChanged => detail_version.update(|v| *v += 1),
            LiveEvent::Resync => {
                detail_version.update(|v| *v += 1);
                ideas_version.update(|v| *v += 1);
            }
        }
    });
    // Drafts live here, above everything that re-renders, so nothing typed is lost.
    let draft_title = RwSignal::new(String::new());
    let draft_body = RwSignal::new(String::new());
    let i18n = use_i18n();

    let page_view = move |_viewer: Viewer| {
        view! {
            <Transition fallback=move || {
                view! { <p class="loading">{t!(i18n, challenges.loading_challenge)}</p> }
            }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(detail) => {
                            view! {
                                <ChallengeView detail votes_left counts draft_title draft_body ideas sort search page />
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        }
    };
    view! {
        <LiveAnnouncement announcer />
        <RequireSignIn page=page_view />
    }
}

#[component]
fn ChallengeView(
    detail: ChallengeDetail,
    votes_left: RwSignal<Option<Option<i64>>>,
    counts: LiveCounts,
    draft_title: RwSignal<String>,
    draft_body: RwSignal<String>,
    ideas: Resource<Result<IdeaPage, crate::error::AppError>>,
    sort: Memo<IdeaSort>,
    search: Memo<String>,
    page: Memo<i64>,
) -> impl IntoView {
    let now = use_now(detail.now);
    let closes_at = detail.closes_at;
    let loaded_votes_left = detail.votes_left;
    let shown_votes_left = Signal::derive(move || votes_left.get().unwrap_or(loaded_votes_left));
    let vote = VoteContext {
        challenge_id: detail.challenge_id,
        rule: detail.voting,
        can_vote: detail.can_take_part,
        votes_left: shown_votes_left,
        receipts: votes_left,
        counts,
    };
    let challenge_id = detail.challenge_id;
    let phase = detail.phase;
    let show_form = detail.can_take_part
        || !draft_title.with_untracked(String::is_empty)
        || !draft_body.with_untracked(String::is_empty);
    let i18n = use_i18n();
    let page_title = detail.title.clone();
    let sponsor = detail.sponsor_name.clone();
    let audience = detail.audience.clone();
    let voting = detail.voting;
    let idea_count = detail.idea_count;
    view! {
        <Title text=move || {
            t_string!(i18n, challenges.page_title, title = &page_title).to_string()
        } />
        <header class="challenge-head">
            <p class="eyebrow">
                <span class=format!("phase phase-{}", phase.as_str())>
                    {move || phase.name(i18n.get_locale())}
                </span>
                " \u{b7} " {detail.title.clone()}
            </p>
            <h1 class="question-title">{detail.question.clone()}</h1>
            <p class="meta">
                {match phase {
                    Phase::Open => view! {
                        <strong class="countdown" role="timer">
                            <Countdown now until=closes_at />
                        </strong>
                        " (" <LocalTime at=closes_at /> ")"
                    }
                        .into_any(),
                    Phase::Scheduled => {
                        view! { {t!(i18n, common.opens_at)} <LocalTime at=detail.opens_at /> }
                            .into_any()
                    }
                    _ => {
                        view! { {t!(i18n, challenges.closed_on)} <LocalTime at=closes_at /> }
                            .into_any()
                    }
                }}
                {t!(
                    i18n,
                    challenges.sponsor_and_audience,
                    sponsor = move || sponsor.clone(),
                    audience = move || audience.describe(i18n.get_locale())
                )}
            </p>
            <p class="meta">
                {move || voting_text(i18n.get_locale(), voting)}
                {move || {
                    shown_votes_left
                        .get()
                        .map(|left| {
                            view! {
                                " \u{b7} "
                                <strong class="votes-left" aria-live="polite">
                                    {t!(i18n, challenges.votes_left, count = move || left)}
                                </strong>
                            }
                        })
                }}
                {detail.hide_authors.then_some(t!(i18n, challenges.authors_hidden))}
            </p>
        </header>
        {(!detail.brief_html.is_empty())
            .then(|| {
                view! {
                    <details class="panel brief" open>
                        <summary>{t!(i18n, challenges.brief)}</summary>
                        <div class="markdown" inner_html=detail.brief_html.clone()></div>
                    </details>
                }
            })}
        {(detail.phase == Phase::Published)
            .then(|| {
                let synthesis_href = format!("/challenges/{}/synthesis", detail.challenge_id);
                view! {
                    <p class="notice notice-ok">
                        {t!(
                            i18n,
                            challenges.synthesis_out,
                            <link> = move |children: ChildrenFn| {
                                view! { <A href=synthesis_href.clone()>{children()}</A> }
                            }
                        )}
                    </p>
                }
            })}
        {detail
            .can_moderate
            .then(|| {
                view! {
                    <p class="board-link">
                        <A href=format!("/challenges/{}/board", detail.challenge_id) attr:class="button-quiet">
                            {t!(i18n, challenges.open_moderation_board)}
                        </A>
                        " "
                        <A href=format!("/challenges/{}/synthesis/compose", detail.challenge_id) attr:class="button-quiet">
                            {t!(i18n, challenges.compose_synthesis)}
                        </A>
                    </p>
                }
            })}
        {(detail.can_manage || detail.can_moderate)
            .then(|| {
                view! {
                    <p class="board-link">
                        <A
                            href=format!("/analytics?period=window&challenge={}", detail.challenge_id)
                            attr:class="button-quiet"
                        >
                            {t!(i18n, challenges.participation_figures)}
                        </A>
                    </p>
                }
            })}
        {detail.can_manage.then(|| view! { <ManagePanel detail=detail.clone() /> })}
        {show_form
            .then(|| {
                view! {
                    <SubmitIdea
                        challenge_id
                        can_take_part=detail.can_take_part
                        now
                        closes_at
                        draft_title
                        draft_body
                    />
                }
            })}
        <section aria-labelledby="ideas-heading" class="ideas">
            <div class="ideas-head">
                <h2 id="ideas-heading">{t!(i18n, common.ideas, count = move || idea_count)}</h2>
                <SortTabs sort search />
                <Form method="GET" action="" attr:class="search-form" attr:role="search">
                    <input type="hidden" name="sort" value=move || sort.get().as_str() />
                    <label>
                        <span class="visually-hidden">{t!(i18n, challenges.search_ideas)}</span>
                        <input
                            type="search"
                            name="q"
                            placeholder=move || t_string!(i18n, challenges.search_ideas)
                            value=move || search.get()
                        />
                    </label>
                    <button type="submit" class="button-quiet">
                        {t!(i18n, challenges.search_button)}
                    </button>
                </Form>
            </div>
            <Transition fallback=move || {
                view! { <p class="loading">{t!(i18n, challenges.loading_ideas)}</p> }
            }>
                {move || Suspend::new(async move {
                    match ideas.await {
                        Ok(page_of_ideas) => {
                            view! { <IdeaList ideas=page_of_ideas challenge_id vote sort search page /> }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn ideas_href(sort: IdeaSort, search: &str, page: i64) -> String {
    let mut href = format!("?sort={}", sort.as_str());
    if !search.is_empty() {
        href.push_str("&q=");
        href.push_str(
            &search
                .replace('%', "%25")
                .replace('&', "%26")
                .replace(' ', "+"),
        );
    }
    if page > 1 {
        href.push_str(&format!("&page={page}"));
    }
    href
}

#[component]
fn SortTabs(sort: Memo<IdeaSort>, search: Memo<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="sort-tabs" aria-label=move || t_string!(i18n, challenges.sort_ideas)>
            {IdeaSort::ALL
                .into_iter()
                .map(|option| {
                    view! {
                        // A plain link: the router's <A> would mark every tab as the current page.
                        <a
                            href=move || ideas_href(option, &search.get(), 1)
                            aria-current=move || (sort.get() == option).then_some("true")
                        >
                            {move || sort_name(i18n.get_locale(), option)}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}

#[component]
fn IdeaList(
    ideas: IdeaPage,
    challenge_id: i64,
    vote: VoteContext,
    sort: Memo<IdeaSort>,
    search: Memo<String>,
    page: Memo<i64>,
) -> impl IntoView {
    let page_count = ideas.page_count();
    let current = ideas.page;
    let empty = ideas.ideas.is_empty();
    let total = ideas.total;
    let i18n = use_i18n();
    view! {
        {empty
            .then(|| {
                let searching = !search.get_untracked().is_empty();
                let message = move || {
                    if searching {
                        t_string!(i18n, challenges.empty_no_match)
                    } else {
                        t_string!(i18n, challenges.empty_no_ideas)
                    }
                };
                view! { <p class="panel empty-state">{message}</p> }
            })}
        <ol class="idea-list">
            {ideas
                .ideas
                .into_iter()
                .map(|idea| view! { <IdeaItem idea challenge_id vote /> })
                .collect_view()}
        </ol>
        {(page_count > 1)
            .then(|| {
                view! {
                    <nav class="pager" aria-label=move || t_string!(i18n, challenges.pages_of_ideas)>
                        {(current > 1)
                            .then(|| {
                                view! {
                                    <a href=move || ideas_href(sort.get(), &search.get(), page.get() - 1)>
                                        {t!(i18n, challenges.previous_page)}
                                    </a>
                                }
                            })}
                        <span>
                            {t!(
                                i18n,
                                challenges.page_of,
                                current = move || current,
                                pages = move || page_count,
                                total = move || total
                            )}
                        </span>
                        {(current < page_count)
                            .then(|| {
                                view! {
                                    <a href=move || ideas_href(sort.get(), &search.get(), page.get() + 1)>
                                        {t!(i18n, challenges.next_page)}
                                    </a>
                                }
                            })}
                    </nav>
                }
            })}
        <p class="hint">{t!(i18n, challenges.ideas_per_page, size = move || PAGE_SIZE)}</p>
    }
}

#[component]
fn IdeaItem(idea: IdeaCard, challenge_id: i64, vote: VoteContext) -> impl IntoView {
    let idea_id = idea.idea_id;
    let base_comments = idea.comment_count;
    let comments = move || {
        vote.counts
            .comments
            .with(|counts| counts.get(&idea_id).copied())
            .unwrap_or(base_comments)
    };
    let i18n = use_i18n();
    let mine = idea.mine;
    let author_name = idea.author_name;
    let author = move || {
        author_label(
            i18n.get_locale(),
            Writing::Idea,
            mine,
            author_name.as_deref(),
        )
    };
    view! {
        <li class="panel idea-card" class:mine=idea.mine>
            <VoteControl idea_id votes=idea.votes my_votes=idea.my_votes context=vote title=idea.title.clone() />
            <div class="idea-body">
                <h3>
                    <A href=format!("/challenges/{challenge_id}/ideas/{idea_id}")>{idea.title}</A>
                </h3>
                <p class="excerpt">{idea.excerpt}</p>
                <p class="meta">
                    {author} " \u{b7} " <LocalTime at=idea.created_at /> " \u{b7} "
                    <span class="comment-count">{t!(i18n, common.comments, count = comments)}</span>
                </p>
            </div>
        </li>
    }
}

/// An order of ideas as the tabs name it, in `locale`.
fn sort_name(locale: Locale, sort: IdeaSort) -> &'static str {
    match sort {
        IdeaSort::New => td_string!(locale, challenges.sort_new),
        IdeaSort::Top => td_string!(locale, challenges.sort_top),
        IdeaSort::Trending => td_string!(locale, challenges.sort_trending),
        IdeaSort::Shuffle => td_string!(locale, challenges.sort_shuffle),
    }
}

/// How people vote in the challenge, in `locale`.
fn voting_text(locale: Locale, rule: VotingRule) -> String {
    match rule {
        VotingRule::OnePerIdea => td_string!(locale, challenges.voting_one_per_idea).to_owned(),
        VotingRule::Dots {
            budget,
            max_per_idea,
        } => td_string!(locale, challenges.voting_dots, count = budget, max_per_idea).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_links_keep_the_search() {
        assert_eq!(ideas_href(IdeaSort::Top, "", 1), "?sort=top");
        assert_eq!(
            ideas_href(IdeaSort::New, "work & life", 3),
            "?sort=new&q=work+%26+life&page=3"
        );
    }

    #[test]
    fn voting_rules_and_sort_names_read_as_before() {
        let dots = VotingRule::Dots {
            budget: 3,
            max_per_idea: 2,
        };
        assert_eq!(
            voting_text(Locale::en, dots),
            "3 votes to spend, at most 2 on one idea"
        );
        assert_eq!(
            voting_text(Locale::nl, dots),
            "3 stemmen te verdelen, maximaal 2 per idee"
        );
        assert_eq!(sort_name(Locale::en, IdeaSort::Shuffle), "Fair shuffle");
    }
}
