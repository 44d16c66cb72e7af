//! Texts as sparse TF-IDF vectors: one weight per term a text uses, so comparing two short texts
//! costs a few operations whatever the size of the vocabulary.

use crate::text::{ReadTexts, Term};

/// Sparse row vectors stored back to back (compressed sparse rows): far fewer allocations and
/// better locality than one `Vec` per row. Within a row, columns are strictly increasing.
#[derive(Clone, Debug, Default)]
pub(crate) struct SparseRows {
    /// Row `i` is `columns[starts[i]..starts[i + 1]]` with the matching `values`.
    starts: Vec<usize>,
    columns: Vec<u32>,
    values: Vec<f32>,
    /// Number of columns: every column index is below it.
    width: usize,
}

impl SparseRows {
    pub(crate) fn new(width: usize) -> Self {
        Self {
            starts: vec![0],
            columns: Vec::new(),
            values: Vec::new(),
            width,
        }
    }

    /// Appends a row given as (column, value) pairs sorted by column, without repeats.
    pub(crate) fn push_row(&mut self, entries: impl IntoIterator<Item = (u32, f32)>) {
        let row_start = self.columns.len();
        for (column, value) in entries {
            self.columns.push(column);
            self.values.push(value);
        }
        let columns = &self.columns[row_start..];
        debug_assert!(columns.windows(2).all(|pair| pair[0] < pair[1]));
        debug_assert!(columns.iter().all(|&column| (column as usize) < self.width));
        self.starts.push(self.columns.len());
    }

    pub(crate) fn len(&self) -> usize {
        self.starts.len() - 1
    }

    pub(crate) fn width(&self) -> usize {
        self.width
    }

    /// The columns and values of row `row`.
    pub(crate) fn row(&self, row: usize) -> (&[u32], &[f32]) {
        let range = self.starts[row]..self.starts[row + 1];
        (&self.columns[range.clone()], &self.values[range])
    }

    /// Scales every row to unit length, so dot products are cosine similarities. Empty rows stay
    /// empty.
    pub(crate) fn normalize_rows(&mut self) {
        for row in 0..self.len() {
            let range = self.starts[row]..self.starts[row + 1];
            let values = &mut self.values[range];
            let norm = values
                .iter()
                .map(|&value| value * value)
                .sum::<f32>()
                .sqrt();
            if norm > 0.0 {
                values.iter_mut().for_each(|value| *value /= norm);
            }
        }
    }

    /// The same vectors with rows and columns swapped: for each column, the rows using it (an
    /// inverted index), rows in increasing order.
    pub(crate) fn transposed(&self) -> SparseRows {
        let mut counts = vec![0usize; self.width + 1];
        for &column in &self.columns {
            counts[column as usize + 1] += 1;
        }
        for column in 0..self.width {
            counts[column + 1] += counts[column];
        }
        let starts = counts.clone();
        let mut next = counts;
        let mut columns = vec![0u32; self.columns.len()];
        let mut values = vec![0f32; self.values.len()];
        for row in 0..self.len() {
            let (row_columns, row_values) = self.row(row);
            for (&column, &value) in row_columns.iter().zip(row_values) {
                let slot = &mut next[column as usize];
                columns[*slot] = row as u32;
                values[*slot] = value;
                *slot += 1;
            }
        }
        SparseRows {
            starts,
            columns,
            values,
            width: self.len(),
        }
    }
}

/// Dense row vectors of equal width stored back to back: what k-means works on once texts are
/// projected to a few dozen dimensions.
#[derive(Clone, Debug)]
pub(crate) struct DenseRows {
    width: usize,
    /// Counted apart from `values`: rows of width 0 have no values.
    rows: usize,
    values: Vec<f32>,
}

impl DenseRows {
    pub(crate) fn new(width: usize) -> Self {
        Self {
            width,
            rows: 0,
            values: Vec::new(),
        }
    }

    /// The same vectors with the missing entries written out as zeros.
    pub(crate) fn from_sparse(rows: &SparseRows) -> Self {
        let mut dense = Self::new(rows.width());
        for row in 0..rows.len() {
            let start = dense.values.len();
            dense.values.resize(start + rows.width(), 0.0);
            let (columns, values) = rows.row(row);
            for (&column, &value) in columns.iter().zip(values) {
                dense.values[start + column as usize] = value;
            }
        }
        dense.rows = rows.len();
        dense
    }

    pub(crate) fn push_row(&mut self, row: &[f32]) {
        debug_assert_eq!(row.len(), self.width);
        self.values.extend_from_slice(row);
        self.rows += 1;
    }

    pub(crate) fn len(&self) -> usize {
        self.rows
    }

    pub(crate) fn width(&self) -> usize {
        self.width
    }

    pub(crate) fn row(&self, row: usize) -> &[f32] {
        &self.values[row * self.width..(row + 1) * self.width]
    }

    /// The rows at `indices`, in that order.
    pub(crate) fn subset(&self, indices: &[usize]) -> DenseRows {
        let mut subset = DenseRows::new(self.width);
        for &row in indices {
            subset.push_row(self.row(row));
        }
        subset
    }
}

/// Dot product of two equally long slices, with eight independent sums so that the compiler
/// can use vector instructions (a single running sum must be added in order).
#[inline]
pub(crate) fn dot(left: &[f32], right: &[f32]) -> f32 {
    let mut sums = [0f32; 8];
    let left_chunks = left.chunks_exact(8);
    let right_chunks = right.chunks_exact(8);
    let tail: f32 = left_chunks
        .remainder()
        .iter()
        .zip(right_chunks.remainder())
        .map(|(a, b)| a * b)
        .sum();
    for (a, b) in left_chunks.zip(right_chunks) {
        for lane in 0..8 {
            sums[lane] += a[lane] * b[lane];
        }
    }
    sums.iter().sum::<f32>() + tail
}

/// The texts' TF-IDF vectors and what is needed to read them back as words.
pub(crate) struct TermVectors {
    /// One unit-length row per text; a text with no term shared with another text has an empty
    /// row.
    pub(crate) rows: SparseRows,
    /// For each column, the word most often written for that stem, to name groups of texts.
    pub(crate) words: Vec<String>,
    /// For each column, in how many texts it appears.
    pub(crate) document_frequency: Vec<usize>,
}

/// A term found in only one text links it to no other, so for grouping it is noise that only
/// dilutes the shared terms.
const MIN_DOCUMENT_FREQUENCY: usize = 2;

impl TermVectors {
    /// Sublinear TF-IDF vectors of the texts. Columns follow the stems' first occurrence, so the
    /// result does not depend on hash order.
    pub(crate) fn new(read: &ReadTexts) -> Self {
        let stems = read.extractor.stem_count();
        let mut frequency = vec![0usize; stems];
        let mut stems_of_text: Vec<u32> = Vec::new();
        for terms in &read.terms {
            distinct_stems(terms, &mut stems_of_text);
            for &stem in &stems_of_text {
                frequency[stem as usize] += 1;
            }
        }
        let mut column_of_stem: Vec<Option<u32>> = vec![None; stems];
        let mut document_frequency = Vec::new();
        for (stem, &frequency) in frequency.iter().enumerate() {
            if frequency >= MIN_DOCUMENT_FREQUENCY {
                column_of_stem[stem] = Some(document_frequency.len() as u32);
                document_frequency.push(frequency);
            }
        }
        let texts = read.terms.len() as f64;
        let inverse_document_frequency: Vec<f32> = document_frequency
            .iter()
            .map(|&frequency| smoothed_inverse_document_frequency(texts, frequency) as f32)
            .collect();
        let mut rows = SparseRows::new(document_frequency.len());
        let mut columns: Vec<u32> = Vec::new();
        let mut entries: Vec<(u32, f32)> = Vec::new();
        for terms in &read.terms {
            columns.clear();
            columns.extend(
                terms
                    .iter()
                    .filter_map(|term| column_of_stem[term.stem as usize]),
            );
            columns.sort_unstable();
            entries.clear();
            for &column in &columns {
                match entries.last_mut() {
                    Some((last, count)) if *last == column => *count += 1.0,
                    _ => entries.push((column, 1.0)),
                }
            }
            rows.push_row(entries.iter().map(|&(column, count)| {
                (
                    column,
                    sublinear(count) * inverse_document_frequency[column as usize],
                )
            }));
        }
        rows.normalize_rows();
        Self {
            words: display_words(read, &column_of_stem, document_frequency.len()),
            rows,
            document_frequency,
        }
    }
}

/// The distinct stems of `terms`, sorted, written to `stems`.
fn distinct_stems(terms: &[Term], stems: &mut Vec<u32>) {
    stems.clear();
    stems.extend(terms.iter().map(|term| term.stem));
    stems.sort_unstable();
    stems.dedup();
}

/// For each column, the word most often written for its stem; ties go to the alphabetically
/// first, so hash order never shows.
fn display_words(read: &ReadTexts, column_of_stem: &[Option<u32>], columns: usize) -> Vec<String> {
    let mut uses: Vec<(u32, u32)> = read
        .terms
        .iter()
        .flatten()
        .filter_map(|term| Some((column_of_stem[term.stem as usize]?, term.word)))
        .collect();
    uses.sort_unstable();
    let mut best: Vec<(usize, &str)> = vec![(0, ""); columns];
    for run in uses.chunk_by(|a, b| a == b) {
        let (column, word) = run[0];
        let word = read.extractor.word(word);
        let best = &mut best[column as usize];
        if run.len() > best.0 || (run.len() == best.0 && word < best.1) {
            *best = (run.len(), word);
        }
    }
    best.into_iter().map(|(_, word)| word.to_string()).collect()
}

/// A term repeated in one short text says little more than once: 1 + ln(count).
pub(crate) fn sublinear(count: f32) -> f32 {
    1.0 + count.ln()
}

/// ln((1 + texts) / (1 + frequency)) + 1: rare terms weigh more, and a term in every text still
/// weighs a little (scikit-learn's default, which clustered better here than plain ln(n / df):
/// in short texts even common words often decide the theme).
pub(crate) fn smoothed_inverse_document_frequency(texts: f64, frequency: usize) -> f64 {
    ((1.0 + texts) / (1.0 + frequency as f64)).ln() + 1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_follow_sublinear_tf_idf_and_rows_have_unit_length() {
        let read = ReadTexts::new([
            "parking parking garage",
            "parking spaces",
            "garage spaces",
            "coffee",
        ]);
        let vectors = TermVectors::new(&read);
        // "coffee" is in one text only, so it is no column and that text's row is empty.
        assert_eq!(vectors.words, ["parking", "garage", "spaces"]);
        assert_eq!(vectors.document_frequency, [2, 2, 2]);
        assert!(vectors.rows.row(3).0.is_empty());
        let (columns, values) = vectors.rows.row(0);
        assert_eq!(columns, [0, 1]);
        // Same document frequency, so the weights differ by the term frequencies alone.
        assert!((values[0] / values[1] - sublinear(2.0)).abs() < 1e-5);
        let norm: f32 = values.iter().map(|value| value * value).sum();
        assert!((norm - 1.0).abs() < 1e-5);
    }

    #[test]
    fn the_most_written_form_names_a_stem() {
        let read = ReadTexts::new(["cards", "card", "the card", "cards?"]);
        let vectors = TermVectors::new(&read);
        assert_eq!(vectors.words, ["card"]);
    }

    #[test]
    fn transposing_inverts_rows_and_columns() {
        let mut rows = SparseRows::new(3);
        rows.push_row([(0, 1.0), (2, 2.0)]);
        rows.push_row([(1, 3.0), (2, 4.0)]);
        let transposed = rows.transposed();
        assert_eq!(transposed.len(), 3);
        assert_eq!(transposed.row(2), (&[0, 1][..], &[2.0, 4.0][..]));
        assert_eq!(transposed.row(1), (&[1][..], &[3.0][..]));
    }

    #[test]
    fn dot_handles_any_length() {
        let left: Vec<f32> = (0..19).map(|value| value as f32).collect();
        let expected: f32 = left.iter().map(|value| value * value).sum();
        assert_eq!(dot(&left, &left), expected);
        assert_eq!(dot(&[], &[]), 0.0);
    }
}
