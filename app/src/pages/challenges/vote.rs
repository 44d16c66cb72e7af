//! The vote buttons on an idea. Each button is a small form posting the number of votes the
//! person wants on the idea, so voting works without JavaScript and a retry changes nothing.

use leptos::prelude::*;

use super::challenge::LiveCounts;
use crate::{
    api::votes::SetVotes,
    components::error_notice::FormError,
    i18n::{t_string, use_i18n},
    model::VotingRule,
};

/// What every vote control on a page shares.
#[derive(Clone, Copy)]
pub struct VoteContext {
    pub challenge_id: i64,
    pub rule: VotingRule,
    pub can_vote: bool,
    /// Votes the viewer can still spend (`None`: no budget).
    pub votes_left: Signal<Option<i64>>,
    /// Set from each vote's receipt.
    pub receipts: RwSignal<Option<Option<i64>>>,
    pub counts: LiveCounts,
}

#[component]
pub fn VoteControl(
    idea_id: i64,
    votes: i64,
    my_votes: i64,
    context: VoteContext,
    title: String,
) -> impl IntoView {
    let action = ServerAction::<SetVotes>::new();
    let i18n = use_i18n();
    let mine = RwSignal::new(my_votes);
    Effect::new(move |_| {
        if let Some(Ok(receipt)) = action.value().get() {
            mine.set(receipt.my_votes);
            context.receipts.set(Some(receipt.votes_left));
            context.counts.votes.update(|totals| {
                totals.insert(idea_id, receipt.idea_votes);
            });
        }
    });
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let total = move || {
        context
            .counts
            .votes
            .with(|totals| totals.get(&idea_id).copied())
            .unwrap_or(votes)
    };
    let max = context.rule.max_per_idea();
    let out_of_votes = move || context.votes_left.get() == Some(0);
    let can_add = move || context.can_vote && mine.get() < max && !out_of_votes();
    let add_hint = move || {
        if !context.can_vote {
            t_string!(i18n, challenges.voting_closed).to_owned()
        } else if mine.get() >= max {
            t_string!(i18n, challenges.at_most_per_idea, max).to_string()
        } else if out_of_votes() {
            t_string!(i18n, challenges.out_of_votes).to_owned()
        } else {
            String::new()
        }
    };
    let title_for_add = title.clone();
    view! {
        <div class="vote-control">
            <span class="vote-total" aria-label=move || t_string!(i18n, challenges.vote_total, count = total()).to_string()>
                {total}
            </span>
            {match context.rule {
                VotingRule::OnePerIdea => {
                    view! {
                        <VoteButton
                            action
                            context
                            idea_id
                            wanted=Signal::derive(move || 1 - mine.get().min(1))
                            label=Signal::derive(move || {
                                if mine.get() > 0 {
                                    t_string!(i18n, challenges.voted_label).to_owned()
                                } else {
                                    t_string!(i18n, challenges.vote_label).to_owned()
                                }
                            })
                            accessible=Signal::derive(move || {
                                if mine.get() > 0 {
                                    t_string!(i18n, challenges.take_back_vote_for, title = &title)
                                        .to_string()
                                } else {
                                    t_string!(i18n, challenges.vote_for, title = &title).to_string()
                                }
                            })
                            pressed=Signal::derive(move || Some(mine.get() > 0))
                            enabled=Signal::derive(move || context.can_vote)
                            hint=Signal::derive(add_hint)
                        />
                    }
                        .into_any()
                }
                VotingRule::Dots { .. } => {
                    let title_for_remove = title.clone();
                    view! {
                        <VoteButton
                            action
                            context
                            idea_id
                            wanted=Signal::derive(move || mine.get() - 1)
                            label=Signal::derive(|| "\u{2212}".to_owned())
                            accessible=Signal::derive(move || {
                                t_string!(i18n, challenges.take_one_vote_back, title = &title_for_remove)
                                    .to_string()
                            })
                            pressed=Signal::derive(|| None)
                            enabled=Signal::derive(move || context.can_vote && mine.get() > 0)
                            hint=Signal::derive(String::new)
                        />
                        <span class="my-votes" aria-live="polite">
                            {move || t_string!(i18n, challenges.yours, votes = mine.get()).to_string()}
                        </span>
                        <VoteButton
                            action
                            context
                            idea_id
                            wanted=Signal::derive(move || mine.get() + 1)
                            label=Signal::derive(|| "+".to_owned())
                            accessible=Signal::derive(move || {
                                t_string!(i18n, challenges.add_vote_to, title = &title_for_add).to_string()
                            })
                            pressed=Signal::derive(|| None)
                            enabled=Signal::derive(can_add)
                            hint=Signal::derive(add_hint)
                        />
                    }
                        .into_any()
                }
            }}
            <FormError error />
        </div>
    }
}

#[component]
fn VoteButton(
    action: ServerAction<SetVotes>,
    context: VoteContext,
    idea_id: i64,
    wanted: Signal<i64>,
    label: Signal<String>,
    /// What a screen reader announces, naming the idea.
    accessible: Signal<String>,
    pressed: Signal<Option<bool>>,
    enabled: Signal<bool>,
    hint: Signal<String>,
) -> impl IntoView {
    view! {
        <ActionForm action attr:class="vote-form">
            <input type="hidden" name="challenge_id" value=context.challenge_id />
            <input type="hidden" name="idea_id" value=idea_id />
            <input type="hidden" name="votes" value=move || wanted.get().to_string() />
            <button
                type="submit"
                class="vote-button"
                aria-label=accessible
                aria-pressed=move || pressed.get().map(|pressed| pressed.to_string())
                title=hint
                disabled=move || !enabled.get() || action.pending().get()
            >
                {label}
            </button>
        </ActionForm>
    }
}
