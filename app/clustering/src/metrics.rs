//! How closely a clustering matches known labels, for evaluation. Both scores are 1 for a
//! perfect match whatever the cluster numbering, and both compare only partitions, so labels and
//! cluster indices may be any numbers.

/// Normalised mutual information with the arithmetic mean of the two entropies as normaliser,
/// as scikit-learn's default `normalized_mutual_info_score`: 0 for independent labelings, 1 for
/// identical partitions. Two labelings that each put everything in one group are identical (1).
///
/// # Panics
/// If the two labelings differ in length: they must describe the same items.
pub fn normalized_mutual_information(truth: &[usize], predicted: &[usize]) -> f64 {
    let table = Contingency::new(truth, predicted);
    let truth_entropy = entropy(&table.truth_sizes, table.items);
    let predicted_entropy = entropy(&table.predicted_sizes, table.items);
    if table.truth_sizes.len() <= 1 && table.predicted_sizes.len() <= 1 {
        return 1.0;
    }
    let items = table.items as f64;
    let mutual_information: f64 = table
        .cells
        .iter()
        .map(|&(truth_group, predicted_group, count)| {
            let joint = count as f64 / items;
            let truth_share = table.truth_sizes[truth_group] as f64 / items;
            let predicted_share = table.predicted_sizes[predicted_group] as f64 / items;
            joint * (joint / (truth_share * predicted_share)).ln()
        })
        .sum();
    let mean_entropy = (truth_entropy + predicted_entropy) / 2.0;
    // Rounding can leave a hair of information where there is none, or push it above 1.
    (mutual_information.max(0.0) / mean_entropy).min(1.0)
}

/// Adjusted Rand index: the share of item pairs on which both labelings agree (same group or
/// different groups), corrected for chance, so random labelings score about 0 and identical
/// partitions 1. It can be negative. Labelings with fewer than two items, or where chance
/// agreement is already total, score 1, as in scikit-learn.
///
/// # Panics
/// If the two labelings differ in length.
pub fn adjusted_rand_index(truth: &[usize], predicted: &[usize]) -> f64 {
    let table = Contingency::new(truth, predicted);
    let pairs = |count: usize| (count * count.saturating_sub(1)) as f64 / 2.0;
    let agreeing: f64 = table.cells.iter().map(|&(_, _, count)| pairs(count)).sum();
    let truth_pairs: f64 = table.truth_sizes.iter().map(|&size| pairs(size)).sum();
    let predicted_pairs: f64 = table.predicted_sizes.iter().map(|&size| pairs(size)).sum();
    let all_pairs = pairs(table.items);
    if all_pairs == 0.0 {
        return 1.0;
    }
    let expected = truth_pairs * predicted_pairs / all_pairs;
    let maximum = (truth_pairs + predicted_pairs) / 2.0;
    if maximum == expected {
        return 1.0;
    }
    (agreeing - expected) / (maximum - expected)
}

/// Entropy in nats of a partition of `items` into groups of the given sizes.
fn entropy(sizes: &[usize], items: usize) -> f64 {
    let items = items as f64;
    -sizes
        .iter()
        .filter(|&&size| size > 0)
        .map(|&size| {
            let share = size as f64 / items;
            share * share.ln()
        })
        .sum::<f64>()
}

/// Counts of items per (truth group, predicted group), with groups renumbered densely.
struct Contingency {
    items: usize,
    truth_sizes: Vec<usize>,
    predicted_sizes: Vec<usize>,
    /// Non-empty cells as (truth group, predicted group, count), sorted.
    cells: Vec<(usize, usize, usize)>,
}

impl Contingency {
    fn new(truth: &[usize], predicted: &[usize]) -> Self {
        assert_eq!(
            truth.len(),
            predicted.len(),
            "both labelings must describe the same items"
        );
        let (truth, truth_sizes) = renumbered(truth);
        let (predicted, predicted_sizes) = renumbered(predicted);
        let mut pairs: Vec<(usize, usize)> = truth.into_iter().zip(predicted).collect();
        pairs.sort_unstable();
        let mut cells: Vec<(usize, usize, usize)> = Vec::new();
        for (truth_group, predicted_group) in pairs {
            match cells.last_mut() {
                Some((last_truth, last_predicted, count))
                    if (*last_truth, *last_predicted) == (truth_group, predicted_group) =>
                {
                    *count += 1;
                }
                _ => cells.push((truth_group, predicted_group, 1)),
            }
        }
        Self {
            items: truth_sizes.iter().sum(),
            truth_sizes,
            predicted_sizes,
            cells,
        }
    }
}

/// `labels` renumbered 0, 1, 2… in order of their values, and the size of each group.
fn renumbered(labels: &[usize]) -> (Vec<usize>, Vec<usize>) {
    let mut distinct = labels.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    let mut sizes = vec![0; distinct.len()];
    let groups = labels
        .iter()
        .map(|label| {
            // Every label is in `distinct`, which was built from them.
            let group = distinct.binary_search(label).unwrap_or_default();
            sizes[group] += 1;
            group
        })
        .collect();
    (groups, sizes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_close(actual: f64, expected: f64) {
        assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
    }

    #[test]
    fn identical_partitions_score_one_whatever_the_numbering() {
        let truth = [0, 0, 1, 1, 2, 2];
        let renamed = [7, 7, 3, 3, 9, 9];
        assert_close(normalized_mutual_information(&truth, &renamed), 1.0);
        assert_close(adjusted_rand_index(&truth, &renamed), 1.0);
    }

    #[test]
    fn hand_computed_example() {
        // Contingency [[2, 1], [0, 3]]; rows of 3 and 3, columns of 2 and 4, six items.
        let truth = [0, 0, 0, 1, 1, 1];
        let predicted = [0, 0, 1, 1, 1, 1];
        // sklearn gives NMI 0.47870397138568005 and ARI 0.32432432432432434.
        // I = 2/6 ln(2/6 / (3/6 · 2/6)) + 1/6 ln(1/6 / (3/6 · 4/6)) + 3/6 ln(3/6 / (3/6 · 4/6))
        let mutual_information =
            (1.0 / 3.0) * 2f64.ln() + (1.0 / 6.0) * (1.0f64 / 2.0).ln() + 0.5 * (3.0f64 / 2.0).ln();
        let truth_entropy = 2f64.ln();
        let predicted_entropy =
            -((1.0f64 / 3.0) * (1.0f64 / 3.0).ln() + (2.0f64 / 3.0) * (2.0f64 / 3.0).ln());
        assert_close(
            normalized_mutual_information(&truth, &predicted),
            mutual_information / ((truth_entropy + predicted_entropy) / 2.0),
        );
        // Agreeing pairs: C(2,2) + C(3,2) = 4; truth pairs 3 + 3 = 6; predicted pairs 1 + 6 = 7;
        // all pairs 15; expected 6 · 7 / 15 = 2.8; maximum 6.5.
        assert_close(
            adjusted_rand_index(&truth, &predicted),
            (4.0 - 2.8) / (6.5 - 2.8),
        );
    }

    #[test]
    fn values_match_scikit_learn() {
        // sklearn.metrics on these lists gives NMI 0.3930065516315366 and ARI 0.07142857142857142 (1.9.1).
        let truth = [0, 0, 0, 1, 1, 1, 2, 2, 2];
        let predicted = [0, 0, 1, 1, 2, 2, 2, 0, 0];
        assert_close(
            normalized_mutual_information(&truth, &predicted),
            0.3930065516315366,
        );
        assert_close(adjusted_rand_index(&truth, &predicted), 0.07142857142857142);
    }

    #[test]
    fn scores_do_not_depend_on_item_order_or_numbering() {
        let truth = [0, 1, 1, 2, 2, 2, 0, 3];
        let predicted = [5, 5, 1, 1, 1, 2, 2, 2];
        let order = [3, 7, 0, 5, 1, 6, 2, 4];
        let truth_permuted: Vec<usize> = order.iter().map(|&item| truth[item]).collect();
        let predicted_permuted: Vec<usize> =
            order.iter().map(|&item| predicted[item] * 10).collect();
        assert_close(
            normalized_mutual_information(&truth, &predicted),
            normalized_mutual_information(&truth_permuted, &predicted_permuted),
        );
        assert_close(
            adjusted_rand_index(&truth, &predicted),
            adjusted_rand_index(&truth_permuted, &predicted_permuted),
        );
        assert_close(
            normalized_mutual_information(&truth, &predicted),
            normalized_mutual_information(&predicted, &truth),
        );
    }

    #[test]
    fn degenerate_labelings() {
        assert_close(normalized_mutual_information(&[0, 0, 0], &[4, 4, 4]), 1.0);
        assert_close(
            normalized_mutual_information(&[0, 0, 1, 1], &[0, 0, 0, 0]),
            0.0,
        );
        assert_close(adjusted_rand_index(&[0, 1, 2], &[0, 1, 2]), 1.0);
        assert_close(adjusted_rand_index(&[0, 0, 1, 1], &[0, 0, 0, 0]), 0.0);
        assert_close(adjusted_rand_index(&[], &[]), 1.0);
        assert_close(normalized_mutual_information(&[], &[]), 1.0);
    }
}
