//! Squarified treemap layout (Bruls, Huizing and van Wijk, 2000): splits a rectangle into one
//! rectangle per weight, each with an area proportional to its weight and a shape as close to
//! a square as the greedy row-by-row method allows.

/// An axis-aligned rectangle; `x`, `y` is the top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }

    pub fn area(&self) -> f64 {
        self.width * self.height
    }
}

/// Lays out `weights` over `area`, returning one rectangle per weight in input order. Weights
/// that are zero, negative or not finite get a zero-size rectangle at the area's corner. The
/// positive ones tile `area` exactly: the last rectangle of every row is snapped to the row's
/// far edge so that rounding leaves no gaps.
pub fn squarify(weights: &[f64], area: Rect) -> Vec<Rect> {
    let empty = Rect {
        x: area.x,
        y: area.y,
        width: 0.0,
        height: 0.0,
    };
    let mut rects = vec![empty; weights.len()];
    let usable = |w: f64| w.is_finite() && w > 0.0;
    let total: f64 = weights.iter().copied().filter(|&w| usable(w)).sum();
    if total <= 0.0 || area.width <= 0.0 || area.height <= 0.0 {
        return rects;
    }

    // The method needs the weights largest first; ties keep input order for stable output.
    let mut order: Vec<usize> = (0..weights.len()).filter(|&i| usable(weights[i])).collect();
    order.sort_by(|&a, &b| weights[b].total_cmp(&weights[a]));
    let scale = area.area() / total;
    let areas: Vec<f64> = order.iter().map(|&i| weights[i] * scale).collect();

    let mut free = area;
    let mut start = 0;
    while start < order.len() {
        let side = free.width.min(free.height);
        let mut end = start + 1;
        while end < order.len()
            && worst_ratio(&areas[start..=end], side) <= worst_ratio(&areas[start..end], side)
        {
            end += 1;
        }
        let is_last_row = end == order.len();
        let placed = lay_row(&areas[start..end], &mut free, is_last_row);
        for (&index, rect) in order[start..end].iter().zip(placed) {
            rects[index] = rect;
        }
        start = end;
    }
    rects
}

/// The worst aspect ratio (always >= 1) of a row of areas laid along a side of length `side`.
fn worst_ratio(row: &[f64], side: f64) -> f64 {
    let sum: f64 = row.iter().sum();
    let (smallest, largest) = row.iter().fold((f64::INFINITY, 0.0_f64), |(lo, hi), &a| {
        (lo.min(a), hi.max(a))
    });
    let side_sq = side * side;
    let sum_sq = sum * sum;
    (side_sq * largest / sum_sq).max(sum_sq / (side_sq * smallest))
}

/// Places one row along the shorter side of `free` and shrinks `free` to what is left. The
/// last row takes all of `free`, so the tiling ends exactly on the area's edge.
fn lay_row(row: &[f64], free: &mut Rect, is_last_row: bool) -> Vec<Rect> {
    let sum: f64 = row.iter().sum();
    let mut rects = Vec::with_capacity(row.len());
    if free.width >= free.height {
        // A column on the left, its cells stacked top to bottom.
        let thickness = if is_last_row {
            free.width
        } else {
            (sum / free.height).min(free.width)
        };
        let mut y = free.y;
        for (i, &a) in row.iter().enumerate() {
            let bottom = if i + 1 == row.len() {
                free.bottom()
            } else {
                (y + a / thickness).min(free.bottom())
            };
            rects.push(Rect {
                x: free.x,
                y,
                width: thickness,
                height: bottom - y,
            });
            y = bottom;
        }
        free.x += thickness;
        free.width -= thickness;
    } else {
        // A row along the top, its cells side by side left to right.
        let thickness = if is_last_row {
            free.height
        } else {
            (sum / free.width).min(free.height)
        };
        let mut x = free.x;
        for (i, &a) in row.iter().enumerate() {
            let right = if i + 1 == row.len() {
                free.right()
            } else {
                (x + a / thickness).min(free.right())
            };
            rects.push(Rect {
                x,
                y: free.y,
                width: right - x,
                height: thickness,
            });
            x = right;
        }
        free.y += thickness;
        free.height -= thickness;
    }
    rects
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: Rect = Rect {
        x: 10.0,
        y: 20.0,
        width: 400.0,
        height: 250.0,
    };

    fn overlap(a: &Rect, b: &Rect) -> f64 {
        let w = a.right().min(b.right()) - a.x.max(b.x);
        let h = a.bottom().min(b.bottom()) - a.y.max(b.y);
        if w > 0.0 && h > 0.0 {
            w * h
        } else {
            0.0
        }
    }

    fn zipf(n: usize) -> Vec<f64> {
        (1..=n).map(|rank| 1000.0 / rank as f64).collect()
    }

    #[test]
    fn areas_are_proportional_to_weights() {
        for weights in [
            vec![6.0, 6.0, 4.0, 3.0, 2.0, 2.0, 1.0],
            vec![1.0, 50.0, 3.0, 7.0],
            zipf(40),
            vec![5.0],
        ] {
            let rects = squarify(&weights, PAGE);
            assert_eq!(rects.len(), weights.len());
            let total: f64 = weights.iter().sum();
            for (w, r) in weights.iter().zip(&rects) {
                let expected = PAGE.area() * w / total;
                assert!(
                    (r.area() - expected).abs() <= 1e-6 * expected,
                    "weight {w}: area {} instead of {expected}",
                    r.area()
                );
            }
        }
    }

    #[test]
    fn rectangles_tile_the_area() {
        for weights in [
            zipf(40),
            vec![3.0; 7],
            vec![1.0, 0.0, 2.0, -4.0, f64::NAN, 9.0],
        ] {
            let rects = squarify(&weights, PAGE);
            let sum: f64 = rects.iter().map(Rect::area).sum();
            assert!((sum - PAGE.area()).abs() <= 1e-6 * PAGE.area());
            for (i, a) in rects.iter().enumerate() {
                assert!(a.width >= 0.0 && a.height >= 0.0);
                assert!(a.x >= PAGE.x - 1e-9 && a.right() <= PAGE.right() + 1e-9);
                assert!(a.y >= PAGE.y - 1e-9 && a.bottom() <= PAGE.bottom() + 1e-9);
                for b in &rects[i + 1..] {
                    assert!(overlap(a, b) < 1e-9, "{a:?} overlaps {b:?}");
                }
            }
        }
    }

    #[test]
    fn unusable_weights_get_empty_rectangles() {
        let rects = squarify(&[0.0, 2.0, -1.0, f64::INFINITY], PAGE);
        for i in [0, 2, 3] {
            assert_eq!(rects[i].area(), 0.0);
        }
        assert!((rects[1].area() - PAGE.area()).abs() < 1e-6);
        assert!(squarify(&[0.0, 0.0], PAGE).iter().all(|r| r.area() == 0.0));
        assert!(squarify(&[], PAGE).is_empty());
    }

    #[test]
    fn equal_weights_give_squarish_cells() {
        let square = Rect {
            x: 0.0,
            y: 0.0,
            width: 100.0,
            height: 100.0,
        };
        for r in squarify(&[1.0; 16], square) {
            let ratio = r.width.max(r.height) / r.width.min(r.height);
            assert!(
                ratio < 1.5,
                "16 equal weights in a square: aspect ratio {ratio}"
            );
        }
        for n in 2..=60 {
            for r in squarify(&vec![1.0; n], PAGE) {
                let ratio = r.width.max(r.height) / r.width.min(r.height);
                assert!(ratio < 3.0, "{n} equal weights: aspect ratio {ratio}");
            }
        }
    }
}
