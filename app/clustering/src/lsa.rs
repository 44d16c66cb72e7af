//! Latent semantic analysis: the texts projected on the main directions of term co-occurrence
//! (a truncated SVD of the text × term matrix).
//!
//! Terms that keep appearing in the same contexts ("top up", "topped", "add money") end up on
//! shared directions, and the many small directions that are mostly noise are dropped, so
//! k-means compares texts by theme rather than by exact wording.

use crate::{
    rng::SplitMix64,
    vectors::{DenseRows, SparseRows},
};

/// Extra directions computed beyond those kept: the randomised method is accurate for the
/// leading directions only if it tracks a few more.
const OVERSAMPLING: usize = 10;
/// Rounds of subspace iteration. Term co-occurrence spectra decay slowly, so the plain
/// randomised range finder needs a few rounds to settle on the leading directions.
const POWER_ITERATIONS: usize = 4;

/// The leading directions of term co-occurrence, onto which texts are projected.
pub(crate) struct Projection {
    dimensions: usize,
    /// Term-major: `directions[term * dimensions + d]`.
    directions: Vec<f32>,
}

impl Projection {
    /// The `dimensions` leading right singular vectors of `rows` (unit-length rows). `None` when
    /// there are no more terms (or rows) than dimensions: projecting would then change no
    /// cosine, only cost time.
    pub(crate) fn fit(rows: &SparseRows, dimensions: usize, rng: &mut SplitMix64) -> Option<Self> {
        let terms = rows.width();
        if terms <= dimensions || rows.len() <= dimensions {
            return None;
        }
        let tracked = (dimensions + OVERSAMPLING).min(terms);
        // Randomised subspace iteration on the term × term matrix AᵀA, kept implicit: a product
        // with it costs two passes over the sparse rows instead of terms² memory.
        let mut basis = DenseColumns::random(terms, tracked, rng);
        basis.orthonormalize();
        for _ in 0..POWER_ITERATIONS {
            basis = gram_times(rows, &basis);
            basis.orthonormalize();
        }
        // Rayleigh–Ritz: the small matrix Qᵀ AᵀA Q has the leading eigenvectors, in the basis Q.
        let image = gram_times(rows, &basis);
        let small = basis.transpose_times(&image);
        let (eigenvalues, eigenvectors) = symmetric_eigen(small, tracked);
        let mut order: Vec<usize> = (0..tracked).collect();
        order.sort_by(|&a, &b| eigenvalues[b].total_cmp(&eigenvalues[a]).then(a.cmp(&b)));
        order.truncate(dimensions);
        let mut directions = vec![0f32; terms * dimensions];
        for term in 0..terms {
            for (d, &eigen) in order.iter().enumerate() {
                let direction: f64 = (0..tracked)
                    .map(|j| basis.get(term, j) * eigenvectors[j * tracked + eigen])
                    .sum();
                directions[term * dimensions + d] = direction as f32;
            }
        }
        Some(Self {
            dimensions,
            directions,
        })
    }

    /// Each row projected on the directions and scaled to unit length (empty rows stay zero).
    pub(crate) fn apply(&self, rows: &SparseRows) -> DenseRows {
        let dimensions = self.dimensions;
        let mut projected = DenseRows::new(dimensions);
        let mut coordinates = vec![0f32; dimensions];
        for row in 0..rows.len() {
            coordinates.fill(0.0);
            let (columns, values) = rows.row(row);
            for (&column, &value) in columns.iter().zip(values) {
                let start = column as usize * dimensions;
                let direction = &self.directions[start..start + dimensions];
                for (coordinate, &weight) in coordinates.iter_mut().zip(direction) {
                    *coordinate += value * weight;
                }
            }
            let norm = coordinates
                .iter()
                .map(|value| value * value)
                .sum::<f32>()
                .sqrt();
            if norm > 0.0 {
                coordinates.iter_mut().for_each(|value| *value /= norm);
            }
            projected.push_row(&coordinates);
        }
        projected
    }
}

/// A terms × width dense matrix stored term-major, so a sparse row times it reads contiguous
/// memory per term.
struct DenseColumns {
    terms: usize,
    width: usize,
    values: Vec<f64>,
}

impl DenseColumns {
    fn random(terms: usize, width: usize, rng: &mut SplitMix64) -> Self {
        let values = (0..terms * width).map(|_| rng.next_f64() - 0.5).collect();
        Self {
            terms,
            width,
            values,
        }
    }

    fn get(&self, term: usize, column: usize) -> f64 {
        self.values[term * self.width + column]
    }

    /// Modified Gram–Schmidt on the columns; a column that is (numerically) a combination of
    /// earlier ones becomes zero and stays out of the way.
    fn orthonormalize(&mut self) {
        let (terms, width) = (self.terms, self.width);
        // Column-major copy: Gram–Schmidt walks columns.
        let mut columns: Vec<f64> = vec![0.0; terms * width];
        for term in 0..terms {
            for column in 0..width {
                columns[column * terms + term] = self.values[term * width + column];
            }
        }
        for column in 0..width {
            let (done, rest) = columns.split_at_mut(column * terms);
            let current = &mut rest[..terms];
            for earlier in done.chunks_exact(terms) {
                let projection: f64 = earlier.iter().zip(current.iter()).map(|(a, b)| a * b).sum();
                for (value, &base) in current.iter_mut().zip(earlier) {
                    *value -= projection * base;
                }
            }
            let norm = current
                .iter()
                .map(|value| value * value)
                .sum::<f64>()
                .sqrt();
            let scale = if norm > 1e-10 { 1.0 / norm } else { 0.0 };
            current.iter_mut().for_each(|value| *value *= scale);
        }
        for term in 0..terms {
            for column in 0..width {
                self.values[term * width + column] = columns[column * terms + term];
            }
        }
    }

    /// selfᵀ × other, a width × width matrix stored row-major.
    fn transpose_times(&self, other: &DenseColumns) -> Vec<f64> {
        let width = self.width;
        let mut product = vec![0.0; width * width];
        for term in 0..self.terms {
            let left = &self.values[term * width..(term + 1) * width];
            let right = &other.values[term * width..(term + 1) * width];
            for (i, &l) in left.iter().enumerate() {
                for (slot, &r) in product[i * width..(i + 1) * width].iter_mut().zip(right) {
                    *slot += l * r;
                }
            }
        }
        product
    }
}

/// AᵀA × basis, where A is `rows`, without forming AᵀA: for each row, its product with the
/// basis is spread back onto the row's terms.
fn gram_times(rows: &SparseRows, basis: &DenseColumns) -> DenseColumns {
    let width = basis.width;
    let mut result = DenseColumns {
        terms: basis.terms,
        width,
        values: vec![0.0; basis.values.len()],
    };
    let mut row_image = vec![0f64; width];
    for row in 0..rows.len() {
        let (columns, values) = rows.row(row);
        row_image.fill(0.0);
        for (&column, &value) in columns.iter().zip(values) {
            let start = column as usize * width;
            for (image, &base) in row_image
                .iter_mut()
                .zip(&basis.values[start..start + width])
            {
                *image += f64::from(value) * base;
            }
        }
        for (&column, &value) in columns.iter().zip(values) {
            let start = column as usize * width;
            for (slot, &image) in result.values[start..start + width]
                .iter_mut()
                .zip(&row_image)
            {
                *slot += f64::from(value) * image;
            }
        }
    }
    result
}

/// Eigenvalues and eigenvectors (column `j` of the row-major result is the vector of
/// eigenvalue `j`) of a symmetric `size` × `size` matrix, by cyclic Jacobi rotations: simple,
/// and accurate for the small matrices met here.
fn symmetric_eigen(mut matrix: Vec<f64>, size: usize) -> (Vec<f64>, Vec<f64>) {
    let mut vectors = vec![0.0; size * size];
    for i in 0..size {
        vectors[i * size + i] = 1.0;
    }
    let scale: f64 = matrix.iter().map(|value| value * value).sum::<f64>().sqrt();
    for _sweep in 0..50 {
        let off_diagonal: f64 = (0..size)
            .flat_map(|i| (0..size).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| matrix[i * size + j].powi(2))
            .sum::<f64>()
            .sqrt();
        if off_diagonal <= 1e-12 * scale.max(f64::MIN_POSITIVE) {
            break;
        }
        for p in 0..size {
            for q in p + 1..size {
                let apq = matrix[p * size + q];
                if apq.abs() <= 1e-300 {
                    continue;
                }
                let app = matrix[p * size + p];
                let aqq = matrix[q * size + q];
                let theta = (aqq - app) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..size {
                    let akp = matrix[k * size + p];
                    let akq = matrix[k * size + q];
                    matrix[k * size + p] = c * akp - s * akq;
                    matrix[k * size + q] = s * akp + c * akq;
                }
                for k in 0..size {
                    let apk = matrix[p * size + k];
                    let aqk = matrix[q * size + k];
                    matrix[p * size + k] = c * apk - s * aqk;
                    matrix[q * size + k] = s * apk + c * aqk;
                }
                for k in 0..size {
                    let vkp = vectors[k * size + p];
                    let vkq = vectors[k * size + q];
                    vectors[k * size + p] = c * vkp - s * vkq;
                    vectors[k * size + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    let eigenvalues = (0..size).map(|i| matrix[i * size + i]).collect();
    (eigenvalues, vectors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jacobi_finds_eigenpairs() {
        let size = 4;
        let matrix = vec![
            4.0, 1.0, 0.5, 0.0, //
            1.0, 3.0, 0.2, 0.1, //
            0.5, 0.2, 2.0, 0.3, //
            0.0, 0.1, 0.3, 1.0,
        ];
        let (values, vectors) = symmetric_eigen(matrix.clone(), size);
        for eigen in 0..size {
            for row in 0..size {
                let product: f64 = (0..size)
                    .map(|column| matrix[row * size + column] * vectors[column * size + eigen])
                    .sum();
                assert!((product - values[eigen] * vectors[row * size + eigen]).abs() < 1e-9);
            }
        }
        let trace: f64 = values.iter().sum();
        assert!((trace - 10.0).abs() < 1e-9);
    }

    #[test]
    fn projection_keeps_the_dominant_structure() {
        // Two groups of texts over disjoint term sets, plus noise terms: in two dimensions the
        // groups must stay apart and each group together.
        let mut rng = SplitMix64::new(2);
        let mut rows = SparseRows::new(30);
        for text in 0..40 {
            let base = if text < 20 { 0 } else { 10 };
            let mut columns: Vec<u32> = (0..3).map(|_| base + rng.below(10) as u32).collect();
            columns.push(20 + rng.below(10) as u32);
            columns.sort_unstable();
            columns.dedup();
            rows.push_row(columns.into_iter().map(|column| (column, 1.0)));
        }
        rows.normalize_rows();
        let projection = Projection::fit(&rows, 2, &mut rng).expect("more terms than dimensions");
        let projected = projection.apply(&rows);
        let cosine = |a: usize, b: usize| crate::vectors::dot(projected.row(a), projected.row(b));
        assert!(cosine(0, 1) > 0.8 && cosine(20, 21) > 0.8);
        assert!(cosine(0, 20) < 0.5);
        assert!(Projection::fit(&rows, 30, &mut rng).is_none());
    }
}
