//! `make bench`: how long the synthesis of a 5,000-idea challenge (40 themes, 1,500
//! contributors, 60 days) takes to draw as SVG and to render as PDF and PNG.
//!
//! Prints `bench synthesis_pdf_ms <median> ms` and the same for SVG and PNG; each figure is
//! the median of several runs after one warm-up, so a noisy neighbour moves it less.

use std::time::Instant;

use app::{
    i18n::Locale,
    model::Paper,
    server::synthesis::{draw, pdf, png, sample::infographic_at_scale},
};

const RUNS: usize = 7;

fn median_ms(mut work: impl FnMut()) -> f64 {
    work();
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed().as_secs_f64() * 1_000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[RUNS / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let infographic = infographic_at_scale(5_000, 40, 1_500, 60);
    let svg = draw(&infographic, Paper::A4, None, Locale::en);
    // Fail loudly rather than time an error path.
    pdf(&svg)?;
    png(&svg, 2339)?;
    let svg_ms = median_ms(|| {
        draw(&infographic, Paper::A4, None, Locale::en);
    });
    let pdf_ms = median_ms(|| {
        let _ = pdf(&draw(&infographic, Paper::A4, None, Locale::en));
    });
    let png_ms = median_ms(|| {
        let _ = png(&draw(&infographic, Paper::A4, None, Locale::en), 2339);
    });
    println!("bench synthesis_svg_ms {svg_ms:.1} ms");
    println!("bench synthesis_pdf_ms {pdf_ms:.1} ms");
    println!("bench synthesis_png_ms {png_ms:.1} ms");
    Ok(())
}
