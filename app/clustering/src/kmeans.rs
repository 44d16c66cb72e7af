//! Spherical k-means: k-means with cosine similarity, the natural geometry for text vectors (a
//! long and a short text on one theme point the same way but differ in length).

use crate::{
    parallel,
    rng::SplitMix64,
    vectors::{dot, DenseRows},
};

/// Lloyd iterations stop when at most this share of texts changed cluster: the last moves of a
/// converging run shuffle a few borderline texts and cost as much as the first.
const SETTLED_SHARE: f64 = 0.002;
/// A cap for runs that keep trading a few borderline texts back and forth.
pub(crate) const MAX_ITERATIONS: usize = 40;

/// A partition of the texts and how well it fits them.
#[derive(Clone, Debug)]
pub(crate) struct Partition {
    /// Cluster of each text; `None` for a text with an empty (zero) vector, which no cluster can
    /// claim.
    pub(crate) assignments: Vec<Option<usize>>,
    /// Number of clusters; each has at least one member.
    pub(crate) clusters: usize,
    /// Sum over texts of the cosine between the text and its cluster's centre; higher is
    /// better, and comparable between runs with the same k on the same rows.
    pub(crate) cohesion: f64,
}

/// The best of `restarts` runs of spherical k-means with k-means++ seeding, by cohesion, on
/// unit-length (or zero) rows; the runs share the cores. There are fewer than `k` clusters
/// when there are fewer than `k` distinct non-zero rows.
pub(crate) fn spherical_kmeans(
    rows: &DenseRows,
    k: usize,
    restarts: usize,
    max_iterations: usize,
    rng: &mut SplitMix64,
) -> Partition {
    let generators: Vec<SplitMix64> = (0..restarts.max(1)).map(|_| rng.fork()).collect();
    let runs = parallel::map(generators.len(), |run| {
        single_run(rows, k, max_iterations, &mut generators[run].clone())
    });
    runs.into_iter()
        .reduce(|best, run| {
            if run.cohesion > best.cohesion {
                run
            } else {
                best
            }
        })
        .unwrap_or_else(|| compact(vec![None; rows.len()], 0.0))
}

fn single_run(
    rows: &DenseRows,
    k: usize,
    max_iterations: usize,
    rng: &mut SplitMix64,
) -> Partition {
    let seeds = kmeans_plus_plus_seeds(rows, k, rng);
    lloyd(rows, Centroids::from_seeds(rows, &seeds), max_iterations)
}

/// Lower bounds kept per call of [`lloyd`], at most: 2^20 (4 MB) gives every centre its own
/// bound on a sample of a few thousand texts, and groups of a few centres on tens of thousands.
const BOUND_BUDGET: usize = 1 << 20;

/// Lloyd's iterations from the given centres: assign each row to its most similar centre, move
/// each centre to the normalised mean of its rows, and repeat until (almost) nothing moves or
/// `max_iterations` assignment passes were made.
///
/// Bounds skip most similarity computations after the first pass (Yinyang k-means, with the
/// centres in groups of consecutive numbers): each row keeps an upper bound on its (Euclidean)
/// distance to its own centre and, for each group, a lower bound on the distance to the
/// group's other centres. Centres' moves loosen them, and only the groups whose bound falls
/// below the upper bound are compared with the row again. One bound per centre (Elkan's) prunes
/// far more than a single one for all (Hamerly's): with a few dozen dimensions and many close
/// clusters, Hamerly's bound overlaps for half the rows in every pass. Groups keep the memory
/// within [`BOUND_BUDGET`]. The result is the same as plain Lloyd's.
pub(crate) fn lloyd(rows: &DenseRows, centroids: Centroids, max_iterations: usize) -> Partition {
    let most_groups = BOUND_BUDGET / rows.len().max(1);
    grouped_lloyd(rows, centroids, max_iterations, most_groups)
}

/// [`lloyd`] with at most `most_groups` groups of centres.
fn grouped_lloyd(
    rows: &DenseRows,
    mut centroids: Centroids,
    max_iterations: usize,
    most_groups: usize,
) -> Partition {
    let texts = rows.len();
    let groups = CentreGroups::new(centroids.clusters, most_groups);
    let mut assignments: Vec<Option<usize>> = vec![None; texts];
    let mut upper = vec![0f32; texts];
    let mut lower = vec![f32::MAX; texts * groups.count()];
    let mut scratch = ScanScratch::new(centroids.clusters);
    for text in 0..texts {
        let row = rows.row(text);
        if centroids.clusters == 0 || row.iter().all(|&value| value == 0.0) {
            continue;
        }
        let bounds = &mut lower[text * groups.count()..(text + 1) * groups.count()];
        // Against an infinite upper bound every group is scanned.
        let (nearest, similarity) = scan(
            row,
            &centroids,
            &groups,
            bounds,
            None,
            f32::INFINITY,
            &mut scratch,
        );
        assignments[text] = Some(nearest);
        upper[text] = distance(similarity);
    }
    for _ in 1..max_iterations {
        let moved = Centroids::from_members(rows, &assignments, centroids.clusters);
        let moves: Vec<f32> = (0..centroids.clusters)
            .map(|cluster| distance(dot(centroids.centre(cluster), moved.centre(cluster))))
            .collect();
        centroids = moved;
        let group_moves: Vec<f32> = (0..groups.count())
            .map(|group| {
                groups
                    .members(group)
                    .map(|cluster| moves[cluster])
                    .fold(0.0, f32::max)
            })
            .collect();
        let half_gap = centroids.half_gaps();
        let mut changed = 0usize;
        for text in 0..texts {
            let Some(cluster) = assignments[text] else {
                continue;
            };
            let bounds = &mut lower[text * groups.count()..(text + 1) * groups.count()];
            upper[text] += moves[cluster];
            let mut nearest_other = f32::MAX;
            for (bound, &group_move) in bounds.iter_mut().zip(&group_moves) {
                *bound -= group_move;
                nearest_other = nearest_other.min(*bound);
            }
            let bound = nearest_other.max(half_gap[cluster]);
            if upper[text] <= bound {
                continue;
            }
            let row = rows.row(text);
            let own_similarity = dot(row, centroids.centre(cluster));
            upper[text] = distance(own_similarity);
            if upper[text] <= bound {
                continue;
            }
            let (nearest, similarity) = scan(
                row,
                &centroids,
                &groups,
                bounds,
                Some((cluster, own_similarity)),
                upper[text],
                &mut scratch,
            );
            if nearest != cluster {
                changed += 1;
                assignments[text] = Some(nearest);
            }
            upper[text] = distance(similarity);
        }
        if (changed as f64) <= SETTLED_SHARE * texts as f64 {
            break;
        }
    }
    let cohesion = assignments
        .iter()
        .enumerate()
        .filter_map(|(text, cluster)| {
            Some(f64::from(dot(
                rows.row(text),
                centroids.centre((*cluster)?),
            )))
        })
        .sum();
    compact(assignments, cohesion)
}

/// Working memory of [`scan`], kept between rows.
struct ScanScratch {
    /// Similarity of the row to each centre compared.
    similarities: Vec<f32>,
    /// The groups compared.
    groups: Vec<usize>,
}

impl ScanScratch {
    fn new(clusters: usize) -> Self {
        Self {
            similarities: vec![0.0; clusters],
            groups: Vec::new(),
        }
    }
}

/// The centre most similar to `row` and its similarity (ties to the lower cluster, as a full
/// comparison would), among the groups whose lower bound in `bounds` is below `upper` and the
/// group of the row's own centre, given with its similarity as `own`. Resets the compared
/// groups' bounds to the distance of their nearest centre other than the one returned; the own
/// group is always compared so that its bound covers the own centre should the row leave it.
fn scan(
    row: &[f32],
    centroids: &Centroids,
    groups: &CentreGroups,
    bounds: &mut [f32],
    own: Option<(usize, f32)>,
    upper: f32,
    scratch: &mut ScanScratch,
) -> (usize, f32) {
    let own_group = own.map(|(cluster, _)| groups.of(cluster));
    scratch.groups.clear();
    scratch.groups.extend(
        (0..bounds.len()).filter(|&group| bounds[group] < upper || Some(group) == own_group),
    );
    let (mut nearest, mut nearest_similarity) = own.unwrap_or((usize::MAX, f32::MIN));
    for &group in &scratch.groups {
        for cluster in groups.members(group) {
            let similarity = match own {
                Some((own_cluster, own_similarity)) if own_cluster == cluster => own_similarity,
                _ => dot(row, centroids.centre(cluster)),
            };
            scratch.similarities[cluster] = similarity;
            if similarity > nearest_similarity
                || (similarity == nearest_similarity && cluster < nearest)
            {
                nearest = cluster;
                nearest_similarity = similarity;
            }
        }
    }
    for &group in &scratch.groups {
        // The nearest is the most similar: one square root per group, not per centre.
        let most_similar = groups
            .members(group)
            .filter(|&cluster| cluster != nearest)
            .map(|cluster| scratch.similarities[cluster])
            .fold(f32::MIN, f32::max);
        bounds[group] = if most_similar == f32::MIN {
            f32::MAX
        } else {
            distance(most_similar)
        };
    }
    (nearest, nearest_similarity)
}

/// The centres split into groups of consecutive numbers, each with one lower bound per row.
struct CentreGroups {
    /// Group `g` holds centres `starts[g]..starts[g + 1]`.
    starts: Vec<usize>,
    /// The group of each centre.
    group_of: Vec<usize>,
}

impl CentreGroups {
    /// As many groups as there are centres, up to `most` (at least one), of (nearly) equal
    /// sizes.
    fn new(clusters: usize, most: usize) -> Self {
        let count = clusters.min(most).max(1);
        let starts: Vec<usize> = (0..=count).map(|group| group * clusters / count).collect();
        let group_of = (0..count)
            .flat_map(|group| vec![group; starts[group + 1] - starts[group]])
            .collect();
        Self { starts, group_of }
    }

    fn count(&self) -> usize {
        self.starts.len() - 1
    }

    fn members(&self, group: usize) -> std::ops::Range<usize> {
        self.starts[group]..self.starts[group + 1]
    }

    fn of(&self, cluster: usize) -> usize {
        self.group_of[cluster]
    }
}

/// Euclidean distance between unit vectors with this cosine.
fn distance(cosine: f32) -> f32 {
    (2.0 - 2.0 * cosine).max(0.0).sqrt()
}

impl Partition {
    /// The centres of this partition's clusters over `rows` (the rows it partitions).
    pub(crate) fn centroids(&self, rows: &DenseRows) -> Centroids {
        Centroids::from_members(rows, &self.assignments, self.clusters)
    }
}

/// Renumbers clusters 0.. without gaps: a centre can lose all its texts in the last step.
fn compact(mut assignments: Vec<Option<usize>>, cohesion: f64) -> Partition {
    let mut new_number: Vec<Option<usize>> = Vec::new();
    let mut clusters = 0;
    for cluster in assignments.iter_mut().flatten() {
        if *cluster >= new_number.len() {
            new_number.resize(*cluster + 1, None);
        }
        let number = *new_number[*cluster].get_or_insert_with(|| {
            clusters += 1;
            clusters - 1
        });
        *cluster = number;
    }
    Partition {
        assignments,
        clusters,
        cohesion,
    }
}

/// k-means++: each next seed is drawn with probability proportional to its squared distance
/// to the nearest seed so far (2 - 2 cosine for unit vectors), which spreads seeds over the
/// themes instead of piling them into the largest one. Zero rows are never drawn, and
/// duplicates of a seed have distance zero, so fewer than `k` seeds come back when there are
/// fewer distinct rows.
fn kmeans_plus_plus_seeds(rows: &DenseRows, k: usize, rng: &mut SplitMix64) -> Vec<usize> {
    let non_zero: Vec<usize> = (0..rows.len())
        .filter(|&text| rows.row(text).iter().any(|&value| value != 0.0))
        .collect();
    let Some(&first) = non_zero.get(rng.below(non_zero.len().max(1))) else {
        return Vec::new();
    };
    if k == 0 {
        return Vec::new();
    }
    let mut seeds = vec![first];
    let mut distance = vec![f64::MAX; rows.len()];
    while seeds.len() < k {
        let newest = rows.row(seeds[seeds.len() - 1]);
        for &text in &non_zero {
            let similarity = dot(rows.row(text), newest);
            distance[text] = distance[text].min(f64::from(1.0 - similarity).max(0.0));
        }
        let total: f64 = non_zero.iter().map(|&text| distance[text]).sum();
        // Rounding leaves duplicates a distance of about 1e-7; below this they count as equal.
        if total <= 1e-5 * non_zero.len() as f64 {
            break;
        }
        let mut target = rng.next_f64() * total;
        let mut chosen = non_zero[non_zero.len() - 1];
        for &text in &non_zero {
            target -= distance[text];
            if target < 0.0 {
                chosen = text;
                break;
            }
        }
        seeds.push(chosen);
    }
    seeds
}

/// Unit-length cluster centres, one row each.
pub(crate) struct Centroids {
    pub(crate) clusters: usize,
    centres: DenseRows,
}

impl Centroids {
    fn from_seeds(rows: &DenseRows, seeds: &[usize]) -> Self {
        Self {
            clusters: seeds.len(),
            centres: rows.subset(seeds),
        }
    }

    /// The normalised mean of each cluster's rows. A cluster left without members keeps a zero
    /// centre and so attracts no text: it disappears rather than being reseeded, which keeps
    /// runs short and did not change results measurably.
    pub(crate) fn from_members(
        rows: &DenseRows,
        assignments: &[Option<usize>],
        clusters: usize,
    ) -> Self {
        let width = rows.width();
        let mut sums = vec![0f32; clusters * width];
        for (text, assignment) in assignments.iter().enumerate() {
            let Some(cluster) = *assignment else { continue };
            let sum = &mut sums[cluster * width..(cluster + 1) * width];
            for (total, &value) in sum.iter_mut().zip(rows.row(text)) {
                *total += value;
            }
        }
        let mut centres = DenseRows::new(width);
        for sum in sums.chunks_exact_mut(width.max(1)) {
            let norm = dot(sum, sum).sqrt();
            if norm > 0.0 {
                sum.iter_mut().for_each(|value| *value /= norm);
            }
            centres.push_row(sum);
        }
        Self { clusters, centres }
    }

    fn centre(&self, cluster: usize) -> &[f32] {
        self.centres.row(cluster)
    }

    /// For each centre, half the distance to the nearest other centre: a row closer than this
    /// to its centre cannot be closer to any other (triangle inequality).
    fn half_gaps(&self) -> Vec<f32> {
        let mut gaps = vec![f32::MAX; self.clusters];
        for first in 0..self.clusters {
            for second in first + 1..self.clusters {
                let gap = distance(dot(self.centre(first), self.centre(second))) / 2.0;
                gaps[first] = gaps[first].min(gap);
                gaps[second] = gaps[second].min(gap);
            }
        }
        gaps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(vectors: &[[f32; 3]]) -> DenseRows {
        let mut rows = DenseRows::new(3);
        for vector in vectors {
            let norm = dot(vector, vector).sqrt();
            let unit: Vec<f32> = vector
                .iter()
                .map(|value| if norm > 0.0 { value / norm } else { 0.0 })
                .collect();
            rows.push_row(&unit);
        }
        rows
    }

    #[test]
    fn separates_obvious_directions() {
        let rows = rows(&[
            [1.0, 0.1, 0.0],
            [0.9, 0.0, 0.1],
            [0.0, 1.0, 0.1],
            [0.1, 0.9, 0.0],
            [0.0, 0.1, 1.0],
            [0.1, 0.0, 0.9],
        ]);
        let partition = spherical_kmeans(&rows, 3, 3, MAX_ITERATIONS, &mut SplitMix64::new(1));
        assert_eq!(partition.clusters, 3);
        let groups: Vec<usize> = partition
            .assignments
            .iter()
            .map(|cluster| cluster.unwrap_or(9))
            .collect();
        assert_eq!(groups[0], groups[1]);
        assert_eq!(groups[2], groups[3]);
        assert_eq!(groups[4], groups[5]);
        assert!(groups[0] != groups[2] && groups[2] != groups[4] && groups[0] != groups[4]);
        assert!(partition.cohesion > 5.9);
    }

    #[test]
    fn zero_rows_stay_unassigned_and_duplicates_limit_the_clusters() {
        let rows = rows(&[
            [1.0, 0.0, 0.0],
            [1.0, 0.0, 0.0],
            [0.0, 0.0, 0.0],
            [0.0, 1.0, 0.0],
        ]);
        let partition = spherical_kmeans(&rows, 5, 2, MAX_ITERATIONS, &mut SplitMix64::new(4));
        assert_eq!(partition.clusters, 2);
        assert_eq!(partition.assignments[2], None);
        assert_eq!(partition.assignments[0], partition.assignments[1]);
        assert_ne!(partition.assignments[0], partition.assignments[3]);
        let nothing = spherical_kmeans(&rows, 0, 1, MAX_ITERATIONS, &mut SplitMix64::new(4));
        assert_eq!(nothing.clusters, 0);
    }

    #[test]
    fn any_grouping_of_centres_gives_the_same_partition() {
        let mut rng = SplitMix64::new(3);
        let vectors: Vec<[f32; 3]> = (0..300)
            .map(|_| [0.0, 0.0, 0.0].map(|_: f32| rng.next_f64() as f32 - 0.3))
            .collect();
        let rows = rows(&vectors);
        let seeds = kmeans_plus_plus_seeds(&rows, 9, &mut rng);
        let run = |most_groups| {
            let centroids = Centroids::from_seeds(&rows, &seeds);
            grouped_lloyd(&rows, centroids, MAX_ITERATIONS, most_groups).assignments
        };
        let each_alone = run(9);
        for most_groups in [1, 2, 4] {
            assert_eq!(run(most_groups), each_alone, "{most_groups} groups");
        }
    }

    #[test]
    fn centre_groups_cover_each_centre_once() {
        for (clusters, most) in [(1, 5), (7, 3), (10, 10), (131, 52)] {
            let groups = CentreGroups::new(clusters, most);
            assert_eq!(groups.count(), clusters.min(most));
            let members: Vec<usize> = (0..groups.count())
                .flat_map(|g| groups.members(g))
                .collect();
            assert_eq!(members, (0..clusters).collect::<Vec<_>>());
            for group in 0..groups.count() {
                assert!(!groups.members(group).is_empty());
                assert!(groups
                    .members(group)
                    .all(|cluster| groups.of(cluster) == group));
            }
        }
    }

    #[test]
    fn pruned_iterations_match_plain_lloyd() {
        // The bounds must not change the result: compare with assigning every row to its
        // nearest final centre directly.
        let mut rng = SplitMix64::new(7);
        let vectors: Vec<[f32; 3]> = (0..200)
            .map(|_| {
                [
                    rng.next_f64() as f32,
                    rng.next_f64() as f32,
                    rng.next_f64() as f32,
                ]
            })
            .collect();
        let rows = rows(&vectors);
        let partition = spherical_kmeans(&rows, 6, 1, MAX_ITERATIONS, &mut rng);
        let centroids = partition.centroids(&rows);
        let nearest = |text: usize| {
            (0..centroids.clusters).max_by(|&a, &b| {
                let similarity = |cluster| dot(rows.row(text), centroids.centre(cluster));
                similarity(a).total_cmp(&similarity(b)).then(b.cmp(&a))
            })
        };
        let moved = (0..rows.len())
            .filter(|&text| nearest(text) != partition.assignments[text])
            .count();
        assert!(moved <= 1, "{moved} rows are not with their nearest centre");
    }
}
