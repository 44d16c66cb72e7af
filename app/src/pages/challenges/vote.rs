//! The vote buttons on an idea. Each button is a small form posting the number of votes the
//! person wants on the idea, so voting works without JavaScript and a retry changes nothing.

use leptos::prelude::*;

use super::challenge::LiveCounts;
use crate::{api::votes::SetVotes, components::error_notice::FormError, model::VotingRule};

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
            "Voting is closed".to_owned()
        } else if mine.get() >= max {
            format!("At most {max} on one idea")
        } else if out_of_votes() {
            "You have used all your votes; take one back from another idea first".to_owned()
        } else {
            String::new()
        }
    };
    let title_for_add = title.clone();
    view! {
        <div class="vote-control">
            <span class="vote-total" aria-label=move || format!("{} votes", total())>
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
                            label=Signal::derive(move || if mine.get() > 0 { "\u{2713} Voted".to_owned() } else { "\u{25B2} Vote".to_owned() })
                            accessible=Signal::derive(move || {
                                if mine.get() > 0 {
                                    format!("Take back your vote for {title}")
                                } else {
                                    format!("Vote for {title}")
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
                            accessible=Signal::derive(move || format!("Take one vote back from {title_for_remove}"))
                            pressed=Signal::derive(|| None)
                            enabled=Signal::derive(move || context.can_vote && mine.get() > 0)
                            hint=Signal::derive(String::new)
                        />
                        <span class="my-votes" aria-live="polite">
                            {move || format!("yours: {}", mine.get())}
                        </span>
                        <VoteButton
                            action
                            context
                            idea_id
                            wanted=Signal::derive(move || mine.get() + 1)
                            label=Signal::derive(|| "+".to_owned())
                            accessible=Signal::derive(move || format!("Add a vote to {title_for_add}"))
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
