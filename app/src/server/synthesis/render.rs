//! PNG and PDF of the infographic, rendered in Rust from the same SVG the page shows, with the
//! fonts the app ships (so every output looks the same, whatever is installed on the server).

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use crate::error::AppError;

const REGULAR: &[u8] = include_bytes!("../../../../public/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../../../public/fonts/DejaVuSans-Bold.ttf");
/// usvg turns millimetres into pixels at this resolution, and the PDF page keeps it, so a page
/// drawn 297 mm wide prints 297 mm wide.
const CSS_DPI: f32 = 96.0;

fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut fonts = usvg::fontdb::Database::new();
            fonts.load_font_data(REGULAR.to_vec());
            fonts.load_font_data(BOLD.to_vec());
            fonts.set_sans_serif_family("DejaVu Sans");
            Arc::new(fonts)
        })
        .clone()
}

fn parse(svg: &str) -> Result<usvg::Tree, AppError> {
    let options = usvg::Options {
        fontdb: fonts(),
        font_family: "DejaVu Sans".to_owned(),
        dpi: CSS_DPI,
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options)
        .map_err(|error| super::super::internal("infographic SVG", error))
}

/// A PNG `width` pixels wide.
pub fn png(svg: &str, width: u32) -> Result<Vec<u8>, AppError> {
    let tree = parse(svg)?;
    let size = tree.size();
    let scale = width as f32 / size.width();
    let height = (size.height() * scale).ceil() as u32;
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or_else(|| {
        AppError::invalid(crate::i18n::td_string!(
            crate::locale::current_locale(),
            errors.image_too_large
        ))
    })?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|error| super::super::internal("infographic PNG", error))
}

/// A one-page PDF, the size of the drawing, with the fonts embedded.
pub fn pdf(svg: &str) -> Result<Vec<u8>, AppError> {
    let tree = parse(svg)?;
    let page = svg2pdf::PageOptions { dpi: CSS_DPI };
    svg2pdf::to_pdf(&tree, svg2pdf::ConversionOptions::default(), page)
        .map_err(|error| super::super::internal("infographic PDF", error))
}
