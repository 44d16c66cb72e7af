//! The one-page infographic of a challenge, drawn as a standalone SVG document for landscape
//! A4 or A3 paper: header, participation figures, activity timeline, a treemap of the themes,
//! highlighted ideas and a wall of every contributor's name.
//!
//! Nothing here can measure fonts, so text widths are estimated from DejaVu Sans advance widths
//! (the font the app ships and the PNG/PDF renderers load), a little on the generous side, and
//! every piece of text is wrapped, shrunk, cut with an ellipsis or left out so that it stays
//! inside its box. Sizes are in points, designed for A4 and scaled up for A3.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::HashSet;
use std::fmt::{self, Write as _};

use super::treemap::{squarify, Rect};
use crate::{
    i18n::{td_string, Locale},
    locale::{format_day, format_integer, format_percent},
    model::{DayActivity, Figures, Infographic, InfographicTheme, Paper},
};

const PT_PER_MM: f64 = 72.0 / 25.4;
const A4_WIDTH_PT: f64 = 297.0 * PT_PER_MM;

const FONT_FAMILY: &str = "DejaVu Sans";
const INK: &str = "#1b1f24";
const WHITE: &str = "#ffffff";
const MUTED: &str = "#57606a";
const TILE: &str = "#f2f4f7";
const RULE: &str = "#d0d7de";
const OTHER_THEMES: &str = "#8c959f";
const MARKER: &str = "#ffe066";
const CONTRIBUTIONS_COLOUR: &str = "#2f6fb0";
const VOTES_COLOUR: &str = "#e8a33d";

/// The treemap shows at most this many cells; smaller themes share the last one.
const MAX_CELLS: usize = 12;
/// Above this many days the timeline draws areas instead of bars.
const MAX_BAR_DAYS: usize = 60;

/// DejaVu Sans metrics, in em: what a line of text occupies above and below its baseline.
const ASCENT: f64 = 0.93;
const DESCENT: f64 = 0.24;
/// Estimated widths are stretched a little so that real text never overflows.
const WIDTH_SAFETY: f64 = 1.04;
const ELLIPSIS: char = '…';

/// Advance widths of DejaVu Sans (Book and Bold) from U+0020 to U+017F (ASCII, Latin-1 and
/// Latin Extended-A), in thousandths of an em. U+007F–U+009F are control characters, which
/// are drawn as spaces.
const REGULAR_ADVANCES: [u16; 352] = [
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636,
    636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632,
    575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685,
    611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579,
    278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
    318, 318, 318, 318, 318, 318, 318, 318, 318, 318, 318, 318, 318, 318, 318, 318, 318, 318, 318,
    318, 318, 318, 318, 318, 318, 318, 318, 318, 318, 318, 318, 318, 318, 318, 401, 636, 636, 636,
    636, 337, 500, 500, 1000, 471, 612, 838, 361, 1000, 500, 500, 838, 401, 401, 500, 636, 636,
    318, 500, 401, 471, 612, 969, 969, 969, 531, 684, 684, 684, 684, 684, 684, 974, 698, 632, 632,
    632, 632, 295, 295, 295, 295, 775, 748, 787, 787, 787, 787, 787, 838, 787, 732, 732, 732, 732,
    611, 605, 630, 613, 613, 613, 613, 613, 613, 982, 550, 615, 615, 615, 615, 278, 278, 278, 278,
    612, 634, 612, 612, 612, 612, 612, 838, 612, 634, 634, 634, 634, 592, 635, 592, 684, 613, 684,
    613, 684, 613, 698, 550, 698, 550, 698, 550, 698, 550, 770, 635, 775, 635, 632, 615, 632, 615,
    632, 615, 632, 615, 632, 615, 775, 635, 775, 635, 775, 635, 775, 635, 752, 634, 916, 695, 295,
    278, 295, 278, 295, 278, 295, 278, 295, 278, 590, 556, 295, 278, 656, 579, 579, 557, 278, 557,
    278, 557, 375, 557, 342, 562, 284, 748, 634, 748, 634, 748, 634, 813, 748, 634, 787, 612, 787,
    612, 787, 612, 1070, 1023, 695, 411, 695, 411, 695, 411, 635, 521, 635, 521, 635, 521, 635,
    521, 611, 392, 611, 392, 611, 392, 732, 634, 732, 634, 732, 634, 732, 634, 732, 634, 732, 634,
    989, 818, 611, 592, 611, 685, 525, 685, 525, 685, 525, 352,
];
const BOLD_ADVANCES: [u16; 352] = [
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696,
    696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683,
    683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771,
    724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665,
    343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
    348, 348, 348, 348, 348, 348, 348, 348, 348, 348, 348, 348, 348, 348, 348, 348, 348, 348, 348,
    348, 348, 348, 348, 348, 348, 348, 348, 348, 348, 348, 348, 348, 348, 348, 456, 696, 696, 636,
    696, 365, 500, 500, 1000, 564, 646, 838, 415, 1000, 500, 500, 838, 438, 438, 500, 736, 636,
    380, 500, 438, 564, 646, 1035, 1035, 1035, 580, 774, 774, 774, 774, 774, 774, 1085, 734, 683,
    683, 683, 683, 372, 372, 372, 372, 838, 837, 850, 850, 850, 850, 850, 838, 850, 812, 812, 812,
    812, 724, 738, 719, 675, 675, 675, 675, 675, 675, 1048, 593, 678, 678, 678, 678, 343, 343, 343,
    343, 687, 712, 687, 687, 687, 687, 687, 838, 687, 712, 712, 712, 712, 652, 716, 652, 774, 675,
    774, 675, 774, 675, 734, 593, 734, 593, 734, 593, 734, 593, 830, 716, 838, 716, 683, 678, 683,
    678, 683, 678, 683, 678, 683, 678, 821, 716, 821, 716, 821, 716, 821, 716, 837, 712, 974, 790,
    372, 343, 372, 343, 372, 343, 372, 343, 372, 343, 744, 686, 372, 343, 775, 665, 665, 637, 343,
    637, 343, 637, 479, 637, 557, 642, 371, 837, 712, 837, 712, 837, 712, 983, 837, 712, 850, 687,
    850, 687, 850, 687, 1167, 1094, 770, 493, 770, 493, 770, 493, 720, 595, 720, 595, 720, 595,
    720, 595, 682, 478, 682, 478, 682, 478, 812, 712, 812, 712, 812, 712, 812, 712, 812, 712, 812,
    712, 1103, 924, 724, 652, 724, 725, 582, 725, 582, 725, 582, 435,
];

/// Draws the infographic as an SVG document sized for `paper`, its texts in `locale`. When
/// `viewer` is a person on the contributors' wall, their name is marked wherever it appears.
pub fn draw(
    infographic: &Infographic,
    paper: Paper,
    viewer: Option<i64>,
    locale: Locale,
) -> String {
    layout(infographic, paper, viewer, locale).svg
}

/// The SVG, plus where every piece of text went, so that the tests can check that nothing
/// leaves the page or overlaps (`page` and `boxes` are read only there).
#[cfg_attr(not(test), allow(dead_code))]
struct Drawing {
    svg: String,
    page: Rect,
    boxes: Vec<TextBox>,
}

/// The estimated box of one text element, and the section it belongs to.
#[derive(Debug, Clone, Copy)]
#[cfg_attr(not(test), allow(dead_code))]
struct TextBox {
    section: &'static str,
    rect: Rect,
}

fn layout(infographic: &Infographic, paper: Paper, viewer: Option<i64>, locale: Locale) -> Drawing {
    let (width_mm, height_mm) = paper.size_mm();
    let page = Rect {
        x: 0.0,
        y: 0.0,
        width: width_mm * PT_PER_MM,
        height: height_mm * PT_PER_MM,
    };
    let scale = page.width / A4_WIDTH_PT;
    let mut canvas = Canvas::new(page, width_mm, height_mm);

    let margin = 24.0 * scale;
    let gap = 12.0 * scale;
    let content = Rect {
        x: margin,
        y: margin,
        width: page.width - 2.0 * margin,
        height: page.height - 2.0 * margin,
    };

    let mut themes: Vec<&InfographicTheme> = infographic.themes.iter().collect();
    themes.sort_by_key(|theme| Reverse(theme.contributions()));
    let cells = treemap_cells(&themes, locale);

    let header_bottom = draw_header(&mut canvas, infographic, content, scale, locale);

    let row = Rect {
        x: content.x,
        y: header_bottom + gap,
        width: content.width,
        height: 56.0 * scale,
    };
    let figures_width = row.width * 0.7;
    draw_figures(
        &mut canvas,
        &infographic.figures,
        Rect {
            width: figures_width,
            ..row
        },
        scale,
        locale,
    );
    draw_timeline(
        &mut canvas,
        &infographic.timeline,
        Rect {
            x: row.x + figures_width + 1.5 * gap,
            width: row.width - figures_width - 1.5 * gap,
            ..row
        },
        scale,
        locale,
    );

    // What is left below the figures: themes and highlights side by side, the wall below.
    let rest_top = row.bottom() + gap;
    let rest_height = content.bottom() - rest_top - gap;
    // The wall takes the least room in which every name is readable, within limits.
    let groups = wall_groups(&themes, viewer);
    let wall_share = [0.3, 0.36, 0.42]
        .into_iter()
        .find(|share| {
            let body = Rect {
                height: rest_height * share - heading_height(scale),
                ..content
            };
            let metrics = WallMetrics::new(READABLE_WALL_SIZE * scale, body);
            flow_wall(&groups, &metrics, usize::MAX, body, None, locale)
        })
        .unwrap_or(0.48);
    let middle = Rect {
        x: content.x,
        y: rest_top,
        width: content.width,
        height: rest_height * (1.0 - wall_share),
    };
    let themes_width = (middle.width - 1.5 * gap) * 0.52;
    draw_themes(
        &mut canvas,
        &cells,
        Rect {
            width: themes_width,
            ..middle
        },
        scale,
        locale,
    );
    // Highlights follow the themes that have a cell of their own.
    let shown = if themes.len() > MAX_CELLS {
        &themes[..MAX_CELLS - 1]
    } else {
        &themes[..]
    };
    draw_highlights(
        &mut canvas,
        shown,
        Rect {
            x: middle.x + themes_width + 1.5 * gap,
            width: middle.width - themes_width - 1.5 * gap,
            ..middle
        },
        scale,
        locale,
    );
    let wall_top = middle.bottom() + gap;
    draw_wall(
        &mut canvas,
        &groups,
        infographic.hide_authors,
        Rect {
            x: content.x,
            y: wall_top,
            width: content.width,
            height: content.bottom() - wall_top,
        },
        scale,
        locale,
    );

    canvas.finish()
}

// ---------------------------------------------------------------------------------------------
// Sections

fn draw_header(
    canvas: &mut Canvas,
    info: &Infographic,
    area: Rect,
    scale: f64,
    locale: Locale,
) -> f64 {
    canvas.begin_section("header");
    let mut y = area.y;
    // A title that needs two lines is set smaller, to leave room for the rest.
    let mut title = Font::bold(20.0 * scale);
    if title.width(&info.title) > area.width {
        title = Font::bold(16.0 * scale);
    }
    y = canvas.lines(area.x, y, &info.title, area.width, 2, title, 1.2, INK);

    let question = Font::regular(11.0 * scale);
    y = canvas.lines(
        area.x,
        y + 2.0 * scale,
        &info.question,
        area.width,
        2,
        question,
        1.3,
        INK,
    );

    let (opens, closes) = (
        format_day(locale, info.opens_at),
        format_day(locale, info.closes_at),
    );
    let dates = if opens == closes {
        opens
    } else {
        td_string!(locale, infographic.date_range, opens, closes).to_string()
    };
    let sponsor = info.sponsor_name.trim();
    let byline = if sponsor.is_empty() {
        dates
    } else {
        td_string!(locale, infographic.sponsored_by, sponsor, dates).to_string()
    };
    let small = Font::regular(8.0 * scale);
    y = canvas.lines(
        area.x,
        y + 3.0 * scale,
        &byline,
        area.width,
        1,
        small,
        1.3,
        MUTED,
    );

    let summary = Font::regular(8.5 * scale);
    y = canvas.lines(
        area.x,
        y + 4.0 * scale,
        &info.summary,
        area.width,
        3,
        summary,
        1.35,
        INK,
    );
    canvas.end_section();
    y
}

fn draw_figures(canvas: &mut Canvas, figures: &Figures, area: Rect, scale: f64, locale: Locale) {
    canvas.begin_section("figures");
    let tiles = [
        (
            "participants",
            figures.participants,
            td_string!(
                locale,
                infographic.people_took_part,
                count = figures.participants
            )
            .to_string(),
            1.5,
        ),
        (
            "ideas",
            figures.ideas,
            td_string!(locale, infographic.ideas_shared, count = figures.ideas).to_string(),
            1.0,
        ),
        (
            "comments",
            figures.comments,
            td_string!(locale, infographic.comments, count = figures.comments).to_string(),
            1.0,
        ),
        (
            "votes",
            figures.votes,
            td_string!(locale, infographic.votes_cast, count = figures.votes).to_string(),
            1.0,
        ),
        (
            "departments",
            figures.departments,
            td_string!(
                locale,
                infographic.departments_represented,
                count = figures.departments
            )
            .to_string(),
            1.0,
        ),
        (
            "regions",
            figures.regions,
            td_string!(
                locale,
                infographic.regions_represented,
                count = figures.regions
            )
            .to_string(),
            1.0,
        ),
    ];
    let spacing = 6.0 * scale;
    let total_weight: f64 = tiles.iter().map(|tile| tile.3).sum();
    let unit = (area.width - spacing * (tiles.len() - 1) as f64) / total_weight;
    let pad = 7.0 * scale;
    let label_font = Font::regular(6.8 * scale);
    let mut x = area.x;
    for (key, value, label, weight) in tiles {
        let tile = Rect {
            x,
            width: unit * weight,
            ..area
        };
        x = tile.right() + spacing;
        canvas.rect(tile, TILE, 4.0 * scale);
        let inner_width = tile.width - 2.0 * pad;
        let number = format_integer(locale, value);
        let font = fit_bold(&number, inner_width, 16.0 * scale);
        let attributes = format!(r#" data-figure="{key}" data-value="{value}""#);
        canvas.text(
            tile.x + pad,
            tile.y + 5.0 * scale,
            &number,
            font,
            INK,
            Anchor::Start,
            &attributes,
        );
        let label_top = tile.y + 5.0 * scale + font.height() + 2.0 * scale;
        let max_lines = if key == "participants" { 1 } else { 2 };
        let y = canvas.lines(
            tile.x + pad,
            label_top,
            &label,
            inner_width,
            max_lines,
            label_font,
            1.2,
            MUTED,
        );
        if key == "participants" {
            let audience = figures.audience;
            let reach = if audience > 0 {
                td_string!(
                    locale,
                    infographic.share_of_invited,
                    share = percent(figures.participants, audience, locale),
                    invited = format_integer(locale, audience)
                )
                .to_string()
            } else {
                td_string!(locale, infographic.zero_invited).to_owned()
            };
            let attributes = format!(r#" data-figure="audience" data-value="{audience}""#);
            let reach = truncate(&reach, inner_width, label_font);
            canvas.text(
                tile.x + pad,
                y + 0.2 * label_font.size,
                &reach,
                label_font,
                MUTED,
                Anchor::Start,
                &attributes,
            );
        }
    }
    canvas.end_section();
}

fn draw_timeline(
    canvas: &mut Canvas,
    days: &[DayActivity],
    area: Rect,
    scale: f64,
    locale: Locale,
) {
    canvas.begin_section("timeline");
    let activity = td_string!(locale, infographic.activity);
    let heading = section_heading(canvas, area, activity, "", scale);

    // Legend, right-aligned on the heading's line.
    let legend_font = Font::regular(6.5 * scale);
    let swatch = 5.0 * scale;
    let mut x = area.right();
    for (label, colour) in [
        (td_string!(locale, infographic.legend_votes), VOTES_COLOUR),
        (
            td_string!(locale, infographic.legend_ideas_and_comments),
            CONTRIBUTIONS_COLOUR,
        ),
    ] {
        let text_box = canvas.text(
            x,
            area.y + 0.7 * scale,
            label,
            legend_font,
            MUTED,
            Anchor::End,
            "",
        );
        let swatch_rect = Rect {
            x: text_box.x - swatch - 2.5 * scale,
            y: area.y + 2.0 * scale,
            width: swatch,
            height: swatch,
        };
        canvas.rect(swatch_rect, colour, 1.0 * scale);
        x = swatch_rect.x - 7.0 * scale;
    }

    let date_font = Font::regular(6.3 * scale);
    let chart = Rect {
        x: area.x,
        y: heading + 2.0 * scale,
        width: area.width,
        height: area.bottom() - date_font.height() - 2.0 * scale - heading - 2.0 * scale,
    };
    let date_top = chart.bottom() + 2.0 * scale;
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        canvas.text(
            chart.x,
            chart.y,
            td_string!(locale, infographic.no_activity),
            legend_font,
            MUTED,
            Anchor::Start,
            "",
        );
        canvas.end_section();
        return;
    };

    let peak = days
        .iter()
        .map(|day| day.contributions.max(day.votes))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let height_of = |value: i64| chart.height * value.max(0) as f64 / peak;
    let slot = chart.width / days.len() as f64;
    if days.len() <= MAX_BAR_DAYS {
        let bar = (slot * 0.38).min(9.0 * scale);
        for (i, day) in days.iter().enumerate() {
            let centre = chart.x + slot * (i as f64 + 0.5);
            for (value, x) in [(day.contributions, centre - bar), (day.votes, centre)] {
                let height = height_of(value);
                if height > 0.0 {
                    let colour = if x < centre {
                        CONTRIBUTIONS_COLOUR
                    } else {
                        VOTES_COLOUR
                    };
                    let bar_rect = Rect {
                        x,
                        y: chart.bottom() - height,
                        width: bar,
                        height,
                    };
                    canvas.rect(bar_rect, colour, 0.0);
                }
            }
        }
    } else {
        for (colour, value_of) in [
            (
                VOTES_COLOUR,
                (|day: &DayActivity| day.votes) as fn(&DayActivity) -> i64,
            ),
            (CONTRIBUTIONS_COLOUR, |day: &DayActivity| day.contributions),
        ] {
            let mut line = String::new();
            for (i, day) in days.iter().enumerate() {
                let x = chart.x + slot * (i as f64 + 0.5);
                let y = chart.bottom() - height_of(value_of(day));
                let command = if i == 0 { 'M' } else { 'L' };
                line.push_str(&format!("{command}{x:.2} {y:.2} "));
            }
            canvas.area_series(&line, chart, slot, colour, 0.8 * scale);
        }
    }
    canvas.line(
        chart.x,
        chart.bottom(),
        chart.right(),
        chart.bottom(),
        RULE,
        0.6 * scale,
    );

    canvas.text(
        chart.x,
        date_top,
        &format_day(locale, first.day),
        date_font,
        MUTED,
        Anchor::Start,
        "",
    );
    if days.len() > 1 {
        canvas.text(
            chart.right(),
            date_top,
            &format_day(locale, last.day),
            date_font,
            MUTED,
            Anchor::End,
            "",
        );
    }
    canvas.end_section();
}

/// A treemap cell: one theme, or the smaller themes pooled.
struct Cell<'a> {
    name: Cow<'a, str>,
    colour: &'a str,
    contributions: i64,
    ideas: i64,
    votes: i64,
}

/// The cells for themes sorted by size: all of them up to `MAX_CELLS`, else the largest ones
/// and one grey cell for the rest.
fn treemap_cells<'a>(themes: &[&'a InfographicTheme], locale: Locale) -> Vec<Cell<'a>> {
    let cell = |theme: &&'a InfographicTheme| Cell {
        name: Cow::Borrowed(theme.name.as_str()),
        colour: valid_colour(&theme.colour),
        contributions: theme.contributions(),
        ideas: theme.ideas,
        votes: theme.votes,
    };
    if themes.len() <= MAX_CELLS {
        return themes.iter().map(cell).collect();
    }
    let (largest, rest) = themes.split_at(MAX_CELLS - 1);
    let mut cells: Vec<Cell> = largest.iter().map(cell).collect();
    cells.push(Cell {
        name: Cow::Owned(
            td_string!(locale, infographic.other_themes, number = rest.len()).to_string(),
        ),
        colour: OTHER_THEMES,
        contributions: rest.iter().map(|theme| theme.contributions()).sum(),
        ideas: rest.iter().map(|theme| theme.ideas).sum(),
        votes: rest.iter().map(|theme| theme.votes).sum(),
    });
    cells
}

fn draw_themes(canvas: &mut Canvas, cells: &[Cell], area: Rect, scale: f64, locale: Locale) {
    canvas.begin_section("themes");
    let top = section_heading(
        canvas,
        area,
        td_string!(locale, infographic.themes),
        td_string!(locale, infographic.themes_sized_by),
        scale,
    );
    let map = Rect {
        y: top,
        height: area.bottom() - top,
        ..area
    };
    if cells.is_empty() {
        let font = Font::regular(7.0 * scale);
        canvas.text(
            map.x,
            map.y,
            td_string!(locale, infographic.no_themes),
            font,
            MUTED,
            Anchor::Start,
            "",
        );
    }
    let weights: Vec<f64> = cells
        .iter()
        .map(|cell| cell.contributions.max(0) as f64)
        .collect();
    // Cells are inset so that white gutters separate them.
    let inset = 0.8 * scale;
    for (cell, rect) in cells.iter().zip(squarify(&weights, map)) {
        canvas.write(format_args!(
            r#"<g class="theme" data-theme="{}" data-contributions="{}">"#,
            escape(&cell.name),
            cell.contributions
        ));
        let inner = Rect {
            x: rect.x + inset,
            y: rect.y + inset,
            width: rect.width - 2.0 * inset,
            height: rect.height - 2.0 * inset,
        };
        if inner.width > 0.0 && inner.height > 0.0 {
            canvas.rect(inner, cell.colour, 2.0 * scale);
            if let Some(label) = fit_cell_label(cell, inner, scale, locale) {
                draw_cell_label(canvas, cell, inner, &label);
            }
        }
        canvas.write(format_args!("</g>\n"));
    }
    canvas.end_section();
}

fn draw_cell_label(canvas: &mut Canvas, cell: &Cell, inner: Rect, label: &CellLabel) {
    let colour = text_colour_on(cell.colour);
    let x = inner.x + label.pad;
    let mut top = inner.y + label.pad;
    let mut bottom = top;
    for line in &label.name_lines {
        let font = label.name_font;
        bottom = canvas
            .text(x, top, line, font, colour, Anchor::Start, "")
            .bottom();
        top += font.size * CELL_LINE;
    }
    if let Some(font) = label.stats_font {
        let top = bottom + STATS_GAP * label.name_font.size;
        canvas.text(x, top, &label.stats, font, colour, Anchor::Start, "");
    }
}

/// Line spacing of a cell's name, and the gap above its figures, in font sizes.
const CELL_LINE: f64 = 1.2;
const STATS_GAP: f64 = 0.2;

/// How a cell's label is set: the name in one to three lines, and the figures if they fit.
struct CellLabel {
    pad: f64,
    name_font: Font,
    name_lines: Vec<String>,
    stats: String,
    stats_font: Option<Font>,
}

fn cell_stats(cell: &Cell, locale: Locale) -> String {
    format!(
        "{} · {}",
        idea_count(cell.ideas, locale),
        vote_count(cell.votes, locale)
    )
}

/// "1 idea", "1,204 ideas".
fn idea_count(n: i64, locale: Locale) -> String {
    let number = format_integer(locale, n);
    td_string!(locale, infographic.idea_count, count = n, number).to_string()
}

/// "1 vote", "1,204 votes".
fn vote_count(n: i64, locale: Locale) -> String {
    let number = format_integer(locale, n);
    td_string!(locale, infographic.vote_count, count = n, number).to_string()
}

/// The largest label that fits the cell whole; failing that, the name cut short at the
/// smallest size, with or without the figures; failing that, none.
fn fit_cell_label(cell: &Cell, inner: Rect, scale: f64, locale: Locale) -> Option<CellLabel> {
    let pad = (4.0 * scale).min(inner.width * 0.1).min(inner.height * 0.1);
    let width = inner.width - 2.0 * pad;
    let height = inner.height - 2.0 * pad;
    let smallest = 5.5 * scale;
    let largest = (inner.width.min(inner.height) / 4.0).clamp(smallest, 11.0 * scale);
    let stats = cell_stats(cell, locale);

    let attempt = |size: f64, with_stats: bool, allow_cut: bool| -> Option<CellLabel> {
        let name_font = Font::bold(size);
        let stats_font = Font::regular((size * 0.8).max(5.0 * scale));
        let stats_height = if with_stats {
            if stats_font.width(&stats) > width {
                return None;
            }
            STATS_GAP * size + stats_font.height()
        } else {
            0.0
        };
        let room = height - stats_height - name_font.height();
        if room < 0.0 {
            return None;
        }
        let max_lines = (1 + (room / (size * CELL_LINE)) as usize).min(3);
        let wrapped = wrap(&cell.name, width, name_font, max_lines);
        let readable = wrapped
            .lines
            .first()
            .is_some_and(|line| line.chars().any(|c| c != ELLIPSIS));
        (readable && (allow_cut || !wrapped.cut)).then(|| CellLabel {
            pad,
            name_font,
            name_lines: wrapped.lines,
            stats: stats.clone(),
            stats_font: with_stats.then_some(stats_font),
        })
    };

    let step = 0.5 * scale;
    let mut size = largest;
    while size >= smallest - 1e-9 {
        if let Some(label) = attempt(size, true, false) {
            return Some(label);
        }
        size -= step;
    }
    attempt(smallest, true, true)
        .or_else(|| attempt(smallest, false, false))
        .or_else(|| attempt(smallest, false, true))
}

/// One theme's block in the highlights: its heading, then each idea with its quote.
struct HighlightBlock<'a> {
    theme: &'a InfographicTheme,
    ideas: Vec<(String, String, Vec<String>)>,
    height: f64,
}

fn draw_highlights(
    canvas: &mut Canvas,
    themes: &[&InfographicTheme],
    area: Rect,
    scale: f64,
    locale: Locale,
) {
    canvas.begin_section("highlights");
    let heading = td_string!(locale, infographic.highlighted_ideas);
    let top = section_heading(canvas, area, heading, "", scale);
    let body = Rect {
        y: top,
        height: area.bottom() - top,
        ..area
    };
    let columns = if body.width >= 300.0 * scale { 2 } else { 1 };
    let column_gap = 14.0 * scale;
    let column_width = (body.width - column_gap * (columns - 1) as f64) / columns as f64;

    let heading_font = Font::bold(7.5 * scale);
    let title_font = Font::regular(7.0 * scale);
    let votes_font = Font::bold(6.3 * scale);
    let quote_font = Font::italic(6.5 * scale);
    let indent = 9.0 * scale;
    let heading_step = heading_font.size * 1.45;
    let title_step = title_font.size * 1.3;
    let quote_step = quote_font.size * 1.25;
    let idea_gap = 2.5 * scale;
    let block_gap = 7.0 * scale;

    let text_width = column_width - indent;
    let blocks: Vec<HighlightBlock> = themes
        .iter()
        .filter(|theme| !theme.highlights.is_empty())
        .map(|theme| {
            let ideas: Vec<_> = theme
                .highlights
                .iter()
                .take(3)
                .map(|highlight| {
                    let votes = vote_count(highlight.votes, locale);
                    let title_room = text_width - votes_font.width(&votes) - 5.0 * scale;
                    let title = truncate(&highlight.title, title_room, title_font).into_owned();
                    let quote = highlight
                        .quote
                        .as_deref()
                        .map(str::trim)
                        .filter(|quote| !quote.is_empty())
                        .map(|quote| {
                            let quoted = td_string!(locale, infographic.quoted, quote).to_string();
                            wrap(&quoted, text_width, quote_font, 2).lines
                        })
                        .unwrap_or_default();
                    (title, votes, quote)
                })
                .collect();
            let height = heading_step
                + ideas
                    .iter()
                    .map(|(_, _, quote)| title_step + quote.len() as f64 * quote_step + idea_gap)
                    .sum::<f64>();
            HighlightBlock {
                theme,
                ideas,
                height,
            }
        })
        .collect();

    if blocks.is_empty() {
        canvas.text(
            body.x,
            body.y,
            td_string!(locale, infographic.no_highlights),
            title_font,
            MUTED,
            Anchor::Start,
            "",
        );
    }
    let mut column = 0;
    let mut y = body.y;
    for block in &blocks {
        if y > body.y && y + block.height > body.bottom() {
            column += 1;
            y = body.y;
        }
        // A block taller than a whole column cannot be placed at all.
        if column >= columns || y + block.height > body.bottom() {
            break;
        }
        let x = body.x + column as f64 * (column_width + column_gap);
        let colour = valid_colour(&block.theme.colour);
        let swatch = 6.0 * scale;
        canvas.rect(
            Rect {
                x,
                y: y + 1.8 * scale,
                width: swatch,
                height: swatch,
            },
            colour,
            1.0 * scale,
        );
        let name = truncate(&block.theme.name, text_width, heading_font);
        canvas.text(x + indent, y, &name, heading_font, INK, Anchor::Start, "");
        y += heading_step;
        for (title, votes, quote) in &block.ideas {
            canvas.text(x + indent, y, title, title_font, INK, Anchor::Start, "");
            canvas.text(
                x + column_width,
                y + (title_font.size - votes_font.size) * ASCENT,
                votes,
                votes_font,
                MUTED,
                Anchor::End,
                "",
            );
            y += title_step;
            for line in quote {
                canvas.text(x + indent, y, line, quote_font, MUTED, Anchor::Start, "");
                y += quote_step;
            }
            y += idea_gap;
        }
        y += block_gap;
    }
    canvas.end_section();
}

// ---------------------------------------------------------------------------------------------
// The contributors' wall

/// One theme's names on the wall.
struct WallGroup<'a> {
    name: &'a str,
    colour: &'a str,
    names: Vec<WallName<'a>>,
}

struct WallName<'a> {
    person_id: i64,
    text: &'a str,
    /// Estimated width at 1pt, in the weight the name is drawn in.
    em_width: f64,
    is_viewer: bool,
}

/// Font sizes of the wall's names on A4: the wall is set as large as it fits, and given more
/// room while names would be smaller than readable.
const LARGEST_WALL_SIZE: f64 = 7.5;
const READABLE_WALL_SIZE: f64 = 6.0;
const SMALLEST_WALL_SIZE: f64 = 4.5;

/// Sizes of the wall at one font size.
struct WallMetrics {
    font: Font,
    columns: usize,
    column_width: f64,
    column_gap: f64,
    line_step: f64,
    heading_step: f64,
    group_gap: f64,
    name_gap: f64,
}

impl WallMetrics {
    fn new(size: f64, area: Rect) -> Self {
        let column_gap = 2.5 * size;
        let target_width = 24.0 * size;
        let columns = (((area.width + column_gap) / (target_width + column_gap)) as usize).max(1);
        WallMetrics {
            font: Font::regular(size),
            columns,
            column_width: (area.width - column_gap * (columns - 1) as f64) / columns as f64,
            column_gap,
            line_step: 1.3 * size,
            heading_step: 1.6 * size,
            group_gap: 0.6 * size,
            name_gap: 1.1 * size,
        }
    }
}

/// The wall's groups: one per theme with contributors, in the order given.
fn wall_groups<'a>(themes: &[&'a InfographicTheme], viewer: Option<i64>) -> Vec<WallGroup<'a>> {
    themes
        .iter()
        .filter(|theme| !theme.contributors.is_empty())
        .map(|theme| WallGroup {
            name: &theme.name,
            colour: valid_colour(&theme.colour),
            names: theme
                .contributors
                .iter()
                .map(|contributor| {
                    let is_viewer = viewer == Some(contributor.person_id);
                    WallName {
                        person_id: contributor.person_id,
                        text: &contributor.name,
                        em_width: em_width(&contributor.name, is_viewer),
                        is_viewer,
                    }
                })
                .collect(),
        })
        .collect()
}

fn draw_wall(
    canvas: &mut Canvas,
    groups: &[WallGroup],
    hide_authors: bool,
    area: Rect,
    scale: f64,
    locale: Locale,
) {
    canvas.begin_section("wall");
    let people: HashSet<i64> = groups
        .iter()
        .flat_map(|group| group.names.iter().map(|name| name.person_id))
        .collect();
    let number = format_integer(locale, people.len() as i64);
    let mut note = td_string!(
        locale,
        infographic.people_count,
        count = people.len(),
        number
    )
    .to_string();
    if hide_authors {
        note.push_str(td_string!(locale, infographic.initials_only));
    }
    let heading = td_string!(locale, infographic.contributors);
    let top = section_heading(canvas, area, heading, &note, scale);
    let body = Rect {
        y: top,
        height: area.bottom() - top,
        ..area
    };

    if groups.is_empty() {
        let font = Font::regular(7.0 * scale);
        canvas.text(
            body.x,
            body.y,
            td_string!(locale, infographic.no_contributions),
            font,
            MUTED,
            Anchor::Start,
            "",
        );
        canvas.end_section();
        return;
    }

    // Largest font at which everyone fits; at the smallest, as many names per theme as fit.
    let largest = LARGEST_WALL_SIZE * scale;
    let smallest = SMALLEST_WALL_SIZE * scale;
    let mut size = largest;
    let mut fitted = None;
    while size >= smallest - 1e-9 {
        let metrics = WallMetrics::new(size, body);
        if flow_wall(groups, &metrics, usize::MAX, body, None, locale) {
            fitted = Some((metrics, usize::MAX));
            break;
        }
        size -= 0.25 * scale;
    }
    let (metrics, cap) = fitted.unwrap_or_else(|| {
        let metrics = WallMetrics::new(smallest, body);
        let longest = groups.iter().map(|g| g.names.len()).max().unwrap_or(0);
        // Binary search for the largest number of names per theme that fits.
        let (mut low, mut high) = (0, longest);
        while low < high {
            let middle = (low + high).div_ceil(2);
            if flow_wall(groups, &metrics, middle, body, None, locale) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        (metrics, low)
    });
    flow_wall(groups, &metrics, cap, body, Some(canvas), locale);
    canvas.end_section();
}

/// The names of a group shown when at most `cap` fit, and how many are left out. The viewer
/// is never the one left out: they take the last place shown.
fn shown_names<'g, 'a>(names: &'g [WallName<'a>], cap: usize) -> (Vec<&'g WallName<'a>>, usize) {
    if names.len() <= cap {
        return (names.iter().collect(), 0);
    }
    let mut shown: Vec<&WallName> = names[..cap].iter().collect();
    if let (Some(last), Some(viewer)) = (
        shown.last_mut(),
        names[cap..].iter().find(|name| name.is_viewer),
    ) {
        *last = viewer;
    }
    (shown, names.len() - cap)
}

/// Flows the groups down the wall's columns, at most `cap` names each, drawing them when a
/// canvas is given. Returns whether everything fitted; when drawing, what does not fit is left
/// out, so nothing ever leaves `area`.
fn flow_wall(
    groups: &[WallGroup],
    metrics: &WallMetrics,
    cap: usize,
    area: Rect,
    mut canvas: Option<&mut Canvas>,
    locale: Locale,
) -> bool {
    let font = metrics.font;
    let size = font.size;
    let more_font = Font::italic(size);
    let mut column = 0;
    let mut y = area.y;
    let column_x =
        |column: usize| area.x + column as f64 * (metrics.column_width + metrics.column_gap);

    for group in groups {
        // A heading goes where at least one line of names fits below it.
        let gap = if y > area.y { metrics.group_gap } else { 0.0 };
        if y + gap + metrics.heading_step + font.height() > area.bottom() {
            column += 1;
            y = area.y;
            if column >= metrics.columns {
                return false;
            }
        } else {
            y += gap;
        }
        let left = column_x(column);
        if let Some(canvas) = canvas.as_deref_mut() {
            draw_wall_heading(canvas, group, left, y, metrics);
        }
        y += metrics.heading_step;

        let (shown, hidden) = shown_names(&group.names, cap);
        let more = (hidden > 0)
            .then(|| td_string!(locale, infographic.more_names, number = hidden).to_string());
        let mut left = column_x(column);
        let mut x = left;
        // Where the previous name's ink likely ends: estimates run a little wide.
        let mut previous_end = x;
        let mut line_has_names = false;
        let items = shown
            .iter()
            .map(|name| (Some(*name), name.em_width * size))
            .chain(more.iter().map(|text| (None, more_font.width(text))));
        for (name, width) in items {
            let width = width.min(metrics.column_width);
            if line_has_names && x + metrics.name_gap + width > left + metrics.column_width {
                y += metrics.line_step;
                x = left;
                line_has_names = false;
            }
            if y + font.height() > area.bottom() {
                column += 1;
                y = area.y;
                if column >= metrics.columns {
                    return false;
                }
                left = column_x(column);
                x = left;
                line_has_names = false;
            }
            if line_has_names {
                if let Some(canvas) = canvas.as_deref_mut() {
                    let between = (previous_end + x + metrics.name_gap) / 2.0;
                    canvas.dot(between, y + 0.62 * size, 0.13 * size);
                }
                x += metrics.name_gap;
            }
            if let Some(canvas) = canvas.as_deref_mut() {
                match (name, &more) {
                    (Some(name), _) => draw_wall_name(canvas, name, left, x, y, metrics),
                    (None, Some(more)) => {
                        canvas.text(x, y, more, more_font, MUTED, Anchor::Start, "");
                    }
                    (None, None) => {}
                }
            }
            previous_end = x + width / WIDTH_SAFETY;
            x += width;
            line_has_names = true;
        }
        y += metrics.line_step;
    }
    true
}

fn draw_wall_heading(
    canvas: &mut Canvas,
    group: &WallGroup,
    x: f64,
    y: f64,
    metrics: &WallMetrics,
) {
    let size = metrics.font.size;
    let font = Font::bold(size);
    let pad = 0.4 * size;
    let name = truncate(group.name, metrics.column_width - 2.0 * pad, font);
    let tag = Rect {
        x,
        y,
        width: font.width(&name) + 2.0 * pad,
        height: 1.4 * size,
    };
    canvas.rect(tag, group.colour, 0.25 * size);
    canvas.text(
        x + pad,
        y + 0.135 * size,
        &name,
        font,
        text_colour_on(group.colour),
        Anchor::Start,
        "",
    );
}

/// One name at `x`, `y`; the viewer's marker reaches no further left than the column's `left`.
fn draw_wall_name(
    canvas: &mut Canvas,
    name: &WallName,
    left: f64,
    x: f64,
    y: f64,
    metrics: &WallMetrics,
) {
    let size = metrics.font.size;
    if name.is_viewer {
        let font = Font::bold(size);
        let text = truncate(name.text, metrics.column_width, font);
        let marker_left = (x - 0.25 * size).max(left);
        let marker = Rect {
            x: marker_left,
            y: y + 0.1 * size,
            width: x + font.width(&text) / WIDTH_SAFETY + 0.25 * size - marker_left,
            height: 1.12 * size,
        };
        canvas.rect(marker, MARKER, 0.2 * size);
        canvas.text(x, y, &text, font, INK, Anchor::Start, r#" data-you="true""#);
    } else {
        let text = truncate(name.text, metrics.column_width, metrics.font);
        canvas.text(x, y, &text, metrics.font, INK, Anchor::Start, "");
    }
}

/// A section's title in small bold capitals, with an optional note after it. Returns where
/// the section's body starts.
fn section_heading(canvas: &mut Canvas, area: Rect, title: &str, note: &str, scale: f64) -> f64 {
    let font = Font::bold(7.5 * scale);
    let title_box = canvas.text(area.x, area.y, title, font, INK, Anchor::Start, "");
    if !note.is_empty() {
        let note_font = Font::regular(6.8 * scale);
        let x = title_box.right() + 5.0 * scale;
        let note = truncate(note, area.right() - x, note_font);
        canvas.text(
            x,
            area.y + (font.size - note_font.size) * ASCENT,
            &note,
            note_font,
            MUTED,
            Anchor::Start,
            "",
        );
    }
    area.y + heading_height(scale)
}

fn heading_height(scale: f64) -> f64 {
    Font::bold(7.5 * scale).height() + 4.0 * scale
}

// ---------------------------------------------------------------------------------------------
// Writing SVG

#[derive(Debug, Clone, Copy)]
struct Font {
    size: f64,
    bold: bool,
    italic: bool,
}

impl Font {
    fn regular(size: f64) -> Self {
        Font {
            size,
            bold: false,
            italic: false,
        }
    }

    fn bold(size: f64) -> Self {
        Font {
            bold: true,
            ..Font::regular(size)
        }
    }

    fn italic(size: f64) -> Self {
        Font {
            italic: true,
            ..Font::regular(size)
        }
    }

    fn width(self, text: &str) -> f64 {
        em_width(text, self.bold) * self.size
    }

    /// The height of one line of text, from above the accents to below the descenders.
    fn height(self) -> f64 {
        (ASCENT + DESCENT) * self.size
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Anchor {
    Start,
    End,
}

struct Canvas {
    svg: String,
    page: Rect,
    boxes: Vec<TextBox>,
    section: &'static str,
}

impl Canvas {
    fn new(page: Rect, width_mm: f64, height_mm: f64) -> Self {
        let mut canvas = Canvas {
            svg: String::with_capacity(256 * 1024),
            page,
            boxes: Vec::new(),
            section: "",
        };
        canvas.write(format_args!(
            concat!(
                r#"<?xml version="1.0" encoding="UTF-8"?>"#,
                "\n",
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}mm" height="{}mm" "#,
                r#"viewBox="0 0 {:.2} {:.2}" font-family="{}">"#,
                "\n"
            ),
            width_mm, height_mm, page.width, page.height, FONT_FAMILY
        ));
        canvas.rect(page, WHITE, 0.0);
        canvas
    }

    fn finish(mut self) -> Drawing {
        self.write(format_args!("</svg>\n"));
        Drawing {
            svg: self.svg,
            page: self.page,
            boxes: self.boxes,
        }
    }

    fn write(&mut self, args: fmt::Arguments) {
        // Writing to a String cannot fail.
        let _ = self.svg.write_fmt(args);
    }

    fn begin_section(&mut self, id: &'static str) {
        self.section = id;
        self.write(format_args!(r#"<g id="{id}">"#));
        self.write(format_args!("\n"));
    }

    fn end_section(&mut self) {
        self.write(format_args!("</g>\n"));
    }

    fn rect(&mut self, rect: Rect, fill: &str, radius: f64) {
        self.write(format_args!(
            r#"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}""#,
            rect.x, rect.y, rect.width, rect.height
        ));
        if radius > 0.0 {
            self.write(format_args!(r#" rx="{radius:.2}""#));
        }
        self.write(format_args!(" fill=\"{fill}\"/>\n"));
    }

    fn dot(&mut self, x: f64, y: f64, radius: f64) {
        self.write(format_args!(
            "<circle cx=\"{x:.2}\" cy=\"{y:.2}\" r=\"{radius:.2}\" fill=\"{OTHER_THEMES}\"/>\n"
        ));
    }

    fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, colour: &str, width: f64) {
        self.write(format_args!(
            "<line x1=\"{x1:.2}\" y1=\"{y1:.2}\" x2=\"{x2:.2}\" y2=\"{y2:.2}\" \
             stroke=\"{colour}\" stroke-width=\"{width:.2}\"/>\n"
        ));
    }

    /// One series of the timeline as a translucent area under its line. `line` is the path
    /// through the points, which sit in the middle of slots of width `slot` across `chart`.
    fn area_series(&mut self, line: &str, chart: Rect, slot: f64, colour: &str, width: f64) {
        let start = chart.x + slot / 2.0;
        let end = chart.right() - slot / 2.0;
        let base = chart.bottom();
        self.write(format_args!(
            "<path d=\"M{start:.2} {base:.2} L{} L{end:.2} {base:.2} Z\" fill=\"{colour}\" \
             fill-opacity=\"0.3\"/>\n",
            line.trim_start_matches('M').trim_end()
        ));
        self.write(format_args!(
            "<path d=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{width:.2}\" \
             stroke-linejoin=\"round\"/>\n",
            line.trim_end()
        ));
    }

    /// Draws one line of text whose box starts at `top`; `extra` is written into the element
    /// as it is. Returns the text's estimated box.
    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        x: f64,
        top: f64,
        content: &str,
        font: Font,
        fill: &str,
        anchor: Anchor,
        extra: &str,
    ) -> Rect {
        let width = font.width(content);
        let rect = Rect {
            x: if anchor == Anchor::End { x - width } else { x },
            y: top,
            width,
            height: font.height(),
        };
        if content.is_empty() {
            return rect;
        }
        self.boxes.push(TextBox {
            section: self.section,
            rect,
        });
        self.write(format_args!(
            r#"<text x="{x:.2}" y="{:.2}" font-family="{FONT_FAMILY}" font-size="{:.2}""#,
            top + ASCENT * font.size,
            font.size
        ));
        if font.bold {
            self.write(format_args!(r#" font-weight="bold""#));
        }
        if font.italic {
            self.write(format_args!(r#" font-style="italic""#));
        }
        if anchor == Anchor::End {
            self.write(format_args!(r#" text-anchor="end""#));
        }
        self.write(format_args!(
            "{extra} fill=\"{fill}\">{}</text>\n",
            escape(content)
        ));
        rect
    }

    /// Wraps `text` into at most `max_lines` lines of `width`, the last one cut with an
    /// ellipsis if need be, `step` font sizes apart. Returns the bottom of the last line (or
    /// `top`, for empty text).
    #[allow(clippy::too_many_arguments)]
    fn lines(
        &mut self,
        x: f64,
        top: f64,
        text: &str,
        width: f64,
        max_lines: usize,
        font: Font,
        step: f64,
        fill: &str,
    ) -> f64 {
        let mut y = top;
        let mut bottom = top;
        for line in wrap(text, width, font, max_lines).lines {
            bottom = self
                .text(x, y, &line, font, fill, Anchor::Start, "")
                .bottom();
            y += step * font.size;
        }
        bottom
    }
}

// ---------------------------------------------------------------------------------------------
// Text

/// Estimated width of `text` at 1pt, rounded up for safety.
fn em_width(text: &str, bold: bool) -> f64 {
    let table = if bold {
        &BOLD_ADVANCES
    } else {
        &REGULAR_ADVANCES
    };
    let thousandths: u32 = text
        .chars()
        .map(|c| match c {
            ' '..='\u{17F}' => u32::from(table[c as usize - 32]),
            '–' => 500,
            '‘' | '’' => 380,
            '“' | '”' => 660,
            // Other scripts, or fallback fonts: assume the widest common glyphs.
            _ => 1000,
        })
        .sum();
    f64::from(thousandths) / 1000.0 * WIDTH_SAFETY
}

/// Bold at the largest size up to `largest` at which `text` fits `width`.
fn fit_bold(text: &str, width: f64, largest: f64) -> Font {
    let em = em_width(text, true).max(f64::EPSILON);
    Font::bold(largest.min(width / em))
}

/// `text` cut with an ellipsis so that it fits `width`; empty if not even the ellipsis fits.
fn truncate(text: &str, width: f64, font: Font) -> Cow<'_, str> {
    if font.width(text) <= width {
        return Cow::Borrowed(text);
    }
    Cow::Owned(with_ellipsis(text, width, font))
}

/// The longest start of `text` that, followed by an ellipsis, fits `width`.
fn with_ellipsis(text: &str, width: f64, font: Font) -> String {
    let room = width - font.width("…");
    if room < 0.0 {
        return String::new();
    }
    let mut cut = longest_prefix(text, room, font)
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':'))
        .to_owned();
    cut.push(ELLIPSIS);
    cut
}

/// The longest start of `text` that fits `width`.
fn longest_prefix(text: &str, width: f64, font: Font) -> &str {
    let room = width / font.size;
    let mut used = 0.0;
    let mut end = 0;
    for (index, c) in text.char_indices() {
        used += em_width(c.encode_utf8(&mut [0; 4]), font.bold);
        if used > room {
            break;
        }
        end = index + c.len_utf8();
    }
    &text[..end]
}

struct Wrapped {
    lines: Vec<String>,
    /// Whether text was left out to respect the line limit.
    cut: bool,
}

/// Greedy word wrap into at most `max_lines` lines of `width`. When the text needs more lines,
/// or has a word longer than a line, it is cut short with an ellipsis.
fn wrap(text: &str, width: f64, font: Font, max_lines: usize) -> Wrapped {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut current_width = 0.0;
    let space = font.width(" ");
    let mut cut = false;
    for word in text.split_whitespace() {
        let word_width = font.width(word);
        if !current.is_empty() && current_width + space + word_width <= width {
            current.push(' ');
            current.push_str(word);
            current_width += space + word_width;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        if lines.len() == max_lines {
            cut = true;
            break;
        }
        if word_width > width {
            // A word too long for any line ends the text, cut short.
            current = with_ellipsis(word, width, font);
            cut = true;
            break;
        }
        current = word.to_owned();
        current_width = word_width;
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if cut {
        if let Some(last) = lines.last_mut() {
            if !last.ends_with(ELLIPSIS) {
                *last = with_ellipsis(last, width, font);
            }
        }
    }
    Wrapped { lines, cut }
}

/// `text` with the characters XML gives meaning to escaped, and those it forbids replaced by
/// spaces.
fn escape(text: &str) -> Cow<'_, str> {
    let special = |c: char| matches!(c, '&' | '<' | '>' | '"' | '\'') || !is_xml_char(c);
    if !text.contains(special) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            c if !is_xml_char(c) => escaped.push(' '),
            c => escaped.push(c),
        }
    }
    Cow::Owned(escaped)
}

/// Whether XML 1.0 allows `c` in a document; tabs and line breaks are allowed but would only
/// be collapsed, so they count as not allowed and become spaces.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

// ---------------------------------------------------------------------------------------------
// Colours, numbers and dates

/// `colour` if it is a `#rrggbb` colour, else the neutral grey: it is written into attributes.
fn valid_colour(colour: &str) -> &str {
    if rgb(colour).is_some() {
        colour
    } else {
        OTHER_THEMES
    }
}

fn rgb(colour: &str) -> Option<[u8; 3]> {
    let hex = colour.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}

/// WCAG relative luminance of a `#rrggbb` colour.
fn luminance(colour: &str) -> f64 {
    let Some(channels) = rgb(colour) else {
        return 0.0;
    };
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(channels[0]) + 0.7152 * linear(channels[1]) + 0.0722 * linear(channels[2])
}

/// White or ink, whichever contrasts more with `background`.
fn text_colour_on(background: &str) -> &'static str {
    let background = luminance(background) + 0.05;
    let with_white = (1.0 + 0.05) / background;
    let with_ink = background / (luminance(INK) + 0.05);
    if with_white >= with_ink {
        WHITE
    } else {
        INK
    }
}

/// `part` as a whole percentage of `whole` (which is positive); "<1%" rather than a misleading
/// "0%".
fn percent(part: i64, whole: i64, locale: Locale) -> String {
    let value = (part as f64 * 100.0 / whole as f64).round() as i64;
    if value == 0 && part > 0 {
        format!("<{}", format_percent(locale, 1))
    } else {
        format_percent(locale, value)
    }
}

/// Whether `inner` lies within `outer`, allowing for rounding.
#[cfg(test)]
fn contains(outer: &Rect, inner: &Rect) -> bool {
    const SLACK: f64 = 1e-6;
    inner.x >= outer.x - SLACK
        && inner.y >= outer.y - SLACK
        && inner.right() <= outer.right() + SLACK
        && inner.bottom() <= outer.bottom() + SLACK
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::model::{Contributor, Highlight};

    const DAY_MS: i64 = 86_400_000;
    /// 3 Oct 2026, 00:00 UTC.
    const OPENS: i64 = 1_790_985_600_000;

    // --- Test data ---------------------------------------------------------------------------

    #[allow(clippy::too_many_arguments)]
    fn theme(
        id: Option<i64>,
        name: &str,
        colour: &str,
        ideas: i64,
        comments: i64,
        votes: i64,
        highlights: Vec<Highlight>,
        contributors: Vec<Contributor>,
    ) -> InfographicTheme {
        InfographicTheme {
            theme_id: id,
            name: name.to_owned(),
            colour: colour.to_owned(),
            summary: String::new(),
            ideas,
            comments,
            votes,
            highlights,
            contributors,
        }
    }

    fn highlight(idea_id: i64, title: &str, quote: Option<&str>, votes: i64) -> Highlight {
        Highlight {
            idea_id,
            title: title.to_owned(),
            quote: quote.map(str::to_owned),
            votes,
        }
    }

    fn people(ids: &[i64]) -> Vec<Contributor> {
        const NAMES: [&str; 12] = [
            "Ana Souza",
            "Bram de Vries",
            "Chloé Martin",
            "Dev Patel",
            "Emeka Obi",
            "Fatima Zahra",
            "Grete Olsen",
            "Hiro Tanaka",
            "Inès Moreau",
            "Jonas Berg",
            "Kemal Aydın",
            "Lena Fischer",
        ];
        ids.iter()
            .map(|&id| Contributor {
                person_id: id,
                name: NAMES[id as usize % NAMES.len()].to_owned(),
            })
            .collect()
    }

    fn days(count: usize, seed: u64) -> Vec<DayActivity> {
        let mut random = Random(seed);
        (0..count)
            .map(|i| DayActivity {
                day: OPENS + i as i64 * DAY_MS,
                contributions: random.below(60) as i64,
                votes: random.below(300) as i64,
            })
            .collect()
    }

    fn small() -> Infographic {
        Infographic {
            challenge_id: 1,
            title: "How can we make Mondays better?".to_owned(),
            question: "What one change would make the start of the week work for you & your team?"
                .to_owned(),
            sponsor_name: "Maria Keller, Chief People Officer".to_owned(),
            opens_at: OPENS,
            closes_at: OPENS + 9 * DAY_MS,
            summary: "People asked for fewer Monday meetings, a quiet first hour and clearer \
                      weekly priorities. Many ideas overlap with last year's <wellbeing> survey."
                .to_owned(),
            figures: Figures {
                participants: 12,
                audience: 40,
                ideas: 23,
                comments: 41,
                votes: 310,
                departments: 5,
                regions: 1,
            },
            themes: vec![
                theme(
                    Some(1),
                    "Meetings",
                    "#1d6fa3",
                    10,
                    20,
                    150,
                    vec![
                        highlight(
                            1,
                            "No meetings before 10 am",
                            Some("Let us plan first."),
                            42,
                        ),
                        highlight(2, "Walking one-to-ones", None, 17),
                    ],
                    people(&[0, 1, 2, 3, 4]),
                ),
                theme(
                    Some(2),
                    "Focus time",
                    "#ffd43b",
                    6,
                    12,
                    90,
                    vec![highlight(
                        3,
                        "A quiet first hour",
                        Some("Headphones on, Slack off."),
                        30,
                    )],
                    people(&[3, 5, 6]),
                ),
                theme(
                    Some(3),
                    "Priorities",
                    "#2b8a3e",
                    4,
                    6,
                    50,
                    Vec::new(),
                    people(&[7, 8]),
                ),
                theme(
                    None,
                    "Other ideas",
                    "#5c677d",
                    3,
                    3,
                    20,
                    Vec::new(),
                    people(&[9, 10, 11]),
                ),
            ],
            timeline: days(10, 1),
            hide_authors: false,
        }
    }

    /// A small deterministic pseudo-random generator (64-bit LCG).
    struct Random(u64);

    impl Random {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % n
        }

        fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
            words[self.below(words.len() as u64) as usize]
        }
    }

    const LARGE_VIEWER: i64 = 7;
    const LARGE_VIEWER_THEMES: [usize; 3] = [0, 5, 39];

    /// 5,000 ideas over 40 themes of Zipf-like sizes, 1,500 contributors with names of up to
    /// 40 characters, 200 days.
    fn large() -> Infographic {
        const WORDS: [&str; 16] = [
            "flexible",
            "working",
            "hybrid",
            "offices",
            "canteen",
            "onboarding",
            "mentoring",
            "sustainability",
            "commuting",
            "recognition",
            "tooling",
            "documentation",
            "parking",
            "learning",
            "wellbeing",
            "communication",
        ];
        const FIRST: [&str; 10] = [
            "Ana",
            "Maximilian",
            "Wei",
            "Oluwaseun",
            "Zoë",
            "Jean-Baptiste",
            "Priya",
            "Ólafur",
            "Kateryna",
            "Mo",
        ];
        const LAST: [&str; 10] = [
            "Li",
            "Fernández-López",
            "Nakamura",
            "Abernathy-Whitfield",
            "Okonkwo",
            "Schmidt",
            "de la Cruz Villanueva",
            "Ng",
            "Kowalczyk-Wiśniewska",
            "Brown",
        ];
        let mut random = Random(42);
        let harmonic: f64 = (1..=40).map(|rank| 1.0 / rank as f64).sum();
        let mut ideas: Vec<i64> = (1..=40)
            .map(|rank| (5000.0 / harmonic / rank as f64).floor() as i64)
            .collect();
        ideas[0] += 5000 - ideas.iter().sum::<i64>();

        let names: Vec<String> = (0..1500)
            .map(|i| {
                let mut name = format!("{} {}", random.pick(&FIRST), random.pick(&LAST));
                if i % 7 == 0 {
                    name = format!("{} {}", random.pick(&FIRST), name);
                }
                name.chars().take(40).collect()
            })
            .collect();
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); 40];
        for person in 0..1500 {
            for _ in 0..=random.below(3) {
                // Square the draw so that large themes get more people.
                let draw = random.below(1000) as f64 / 1000.0;
                members[(draw * draw * 40.0) as usize].push(person);
            }
        }
        for theme in LARGE_VIEWER_THEMES {
            members[theme].push(LARGE_VIEWER as usize);
        }

        let themes = (0..40)
            .map(|i| {
                let mut ids = std::mem::take(&mut members[i]);
                ids.sort_unstable();
                ids.dedup();
                ids.sort_by(|a, b| names[*a].cmp(&names[*b]));
                let name = format!(
                    "{} {} and {} {}",
                    random.pick(&WORDS),
                    random.pick(&WORDS),
                    random.pick(&WORDS),
                    i + 1
                );
                let highlights = (0..3)
                    .map(|h| {
                        let title = format!(
                            "Idea {h}: a proposal about {} {} {} that goes on and on for a while",
                            random.pick(&WORDS),
                            random.pick(&WORDS),
                            random.pick(&WORDS)
                        );
                        let quote = (h != 1).then_some(
                            "We tried this in the Lisbon office last spring and it was a real \
                             success with everyone, including the night shift.",
                        );
                        highlight(i as i64 * 10 + h, &title, quote, random.below(900) as i64)
                    })
                    .collect();
                theme(
                    Some(i as i64 + 1),
                    &name,
                    THEME_TEST_COLOURS[i % THEME_TEST_COLOURS.len()],
                    ideas[i],
                    ideas[i] * 2,
                    ideas[i] * 8,
                    highlights,
                    ids.into_iter()
                        .map(|id| Contributor {
                            person_id: id as i64,
                            name: names[id].clone(),
                        })
                        .collect(),
                )
            })
            .collect::<Vec<_>>();
        Infographic {
            challenge_id: 2,
            title: "Shaping the workplace of 2030: a company-wide conversation about how, where \
                    and when we work best together"
                .to_owned(),
            question: "Which changes to our offices, tools and habits would make the biggest \
                       difference to how you work, and what should we try first in 2027?"
                .to_owned(),
            sponsor_name: "Executive Board".to_owned(),
            opens_at: OPENS,
            closes_at: OPENS + 199 * DAY_MS,
            summary: "Across forty themes, people asked above all for flexibility. ".repeat(12),
            figures: Figures {
                participants: 1734,
                audience: 4210,
                ideas: 5000,
                comments: themes.iter().map(|t| t.comments).sum(),
                votes: themes.iter().map(|t| t.votes).sum(),
                departments: 37,
                regions: 12,
            },
            themes,
            timeline: days(200, 7),
            hide_authors: false,
        }
    }

    const THEME_TEST_COLOURS: [&str; 9] = [
        "#2a9d8f", "#e76f51", "#6a4c93", "#1d6fa3", "#b5651d", "#2b8a3e", "#c2255c", "#5c677d",
        "#ffd43b",
    ];

    // --- A minimal XML reader ----------------------------------------------------------------

    #[derive(Debug)]
    struct Element {
        name: String,
        attributes: Vec<(String, String)>,
        text: String,
    }

    impl Element {
        fn attribute(&self, name: &str) -> Option<&str> {
            self.attributes
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.as_str())
        }
    }

    /// Checks well-formedness (one root, balanced tags, quoted and unique attributes, known
    /// entities only) and returns the elements in document order with their own text.
    fn parse(xml: &str) -> Result<Vec<Element>, String> {
        let mut elements: Vec<Element> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        let mut rest = xml;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix("<?") {
                let end = after.find("?>").ok_or("unclosed declaration")?;
                rest = &after[end + 2..];
            } else if let Some(after) = rest.strip_prefix("<!--") {
                let end = after.find("-->").ok_or("unclosed comment")?;
                rest = &after[end + 3..];
            } else if let Some(after) = rest.strip_prefix("</") {
                let end = after.find('>').ok_or("unclosed end tag")?;
                let name = after[..end].trim();
                let index = open.pop().ok_or(format!("</{name}> closes nothing"))?;
                if elements[index].name != name {
                    return Err(format!("</{name}> closes <{}>", elements[index].name));
                }
                rest = &after[end + 1..];
            } else if let Some(after) = rest.strip_prefix('<') {
                let end = after.find('>').ok_or("unclosed tag")?;
                let (tag, self_closing) = match after[..end].strip_suffix('/') {
                    Some(tag) => (tag, true),
                    None => (&after[..end], false),
                };
                let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
                let name = &tag[..name_end];
                if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
                    return Err(format!("bad element name {name:?}"));
                }
                if open.is_empty() && !elements.is_empty() {
                    return Err("more than one root element".to_owned());
                }
                let mut attributes: Vec<(String, String)> = Vec::new();
                let mut list = tag[name_end..].trim_start();
                while !list.is_empty() {
                    let equals = list
                        .find('=')
                        .ok_or(format!("attribute without value in <{name}>"))?;
                    let key = &list[..equals];
                    if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    {
                        return Err(format!("bad attribute name {key:?}"));
                    }
                    let value = list[equals + 1..]
                        .strip_prefix('"')
                        .ok_or(format!("unquoted attribute {key}"))?;
                    let close = value.find('"').ok_or("unclosed attribute")?;
                    if value[..close].contains('<') {
                        return Err(format!("'<' in attribute {key}"));
                    }
                    if attributes.iter().any(|(k, _)| k == key) {
                        return Err(format!("duplicate attribute {key}"));
                    }
                    attributes.push((key.to_owned(), unescape(&value[..close])?));
                    let after_value = &value[close + 1..];
                    if !(after_value.is_empty() || after_value.starts_with(char::is_whitespace)) {
                        return Err(format!("no space after attribute {key}"));
                    }
                    list = after_value.trim_start();
                }
                elements.push(Element {
                    name: name.to_owned(),
                    attributes,
                    text: String::new(),
                });
                if !self_closing {
                    open.push(elements.len() - 1);
                }
                rest = &after[end + 1..];
            } else {
                let end = rest.find('<').unwrap_or(rest.len());
                let text = unescape(&rest[..end])?;
                match open.last() {
                    Some(&index) => elements[index].text.push_str(&text),
                    None if text.trim().is_empty() => {}
                    None => return Err(format!("text outside the root: {text:?}")),
                }
                rest = &rest[end..];
            }
        }
        if let Some(&index) = open.last() {
            return Err(format!("<{}> is never closed", elements[index].name));
        }
        if elements.is_empty() {
            return Err("no root element".to_owned());
        }
        Ok(elements)
    }

    fn unescape(text: &str) -> Result<String, String> {
        if text.contains('>') {
            return Err(format!("unescaped '>' in {text:?}"));
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find('&') {
            out.push_str(&rest[..start]);
            let end = rest[start..].find(';').ok_or("unterminated entity")? + start;
            out.push(match &rest[start + 1..end] {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                other => return Err(format!("unknown entity &{other};")),
            });
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    fn parsed(svg: &str) -> Vec<Element> {
        match parse(svg) {
            Ok(elements) => elements,
            Err(error) => panic!("not well-formed XML: {error}"),
        }
    }

    fn overlap(a: &Rect, b: &Rect) -> bool {
        const SLACK: f64 = 1e-6;
        a.x < b.right() - SLACK
            && b.x < a.right() - SLACK
            && a.y < b.bottom() - SLACK
            && b.y < a.bottom() - SLACK
    }

    // --- Tests -------------------------------------------------------------------------------

    #[test]
    fn page_is_a_well_formed_a4_svg_with_every_section() {
        let svg = draw(&small(), Paper::A4, Some(3), Locale::en);
        let elements = parsed(&svg);
        let root = &elements[0];
        assert_eq!(root.name, "svg");
        assert_eq!(root.attribute("width"), Some("297mm"));
        assert_eq!(root.attribute("height"), Some("210mm"));
        assert_eq!(root.attribute("viewBox"), Some("0 0 841.89 595.28"));
        assert_eq!(root.attribute("font-family"), Some("DejaVu Sans"));
        let background = &elements[1];
        assert_eq!(background.name, "rect");
        assert_eq!(background.attribute("fill"), Some("#ffffff"));
        assert_eq!(background.attribute("width"), Some("841.89"));
        for id in [
            "header",
            "figures",
            "themes",
            "highlights",
            "timeline",
            "wall",
        ] {
            let count = elements
                .iter()
                .filter(|e| e.attribute("id") == Some(id))
                .count();
            assert_eq!(count, 1, "section {id}");
        }
        for text in elements.iter().filter(|e| e.name == "text") {
            assert_eq!(text.attribute("font-family"), Some("DejaVu Sans"));
        }
    }

    #[test]
    fn a3_page_has_the_a3_size() {
        let svg = draw(&large(), Paper::A3, None, Locale::en);
        let elements = parsed(&svg);
        assert_eq!(elements[0].attribute("width"), Some("420mm"));
        assert_eq!(elements[0].attribute("height"), Some("297mm"));
        assert_eq!(elements[0].attribute("viewBox"), Some("0 0 1190.55 841.89"));
    }

    #[test]
    fn figures_carry_the_input_values() {
        for info in [small(), large()] {
            let svg = draw(&info, Paper::A4, None, Locale::en);
            let elements = parsed(&svg);
            let f = &info.figures;
            for (key, value) in [
                ("participants", f.participants),
                ("audience", f.audience),
                ("ideas", f.ideas),
                ("comments", f.comments),
                ("votes", f.votes),
                ("departments", f.departments),
                ("regions", f.regions),
            ] {
                let found: Vec<&Element> = elements
                    .iter()
                    .filter(|e| e.attribute("data-figure") == Some(key))
                    .collect();
                assert_eq!(found.len(), 1, "{key}");
                assert_eq!(found[0].name, "text");
                assert_eq!(
                    found[0].attribute("data-value"),
                    Some(value.to_string().as_str())
                );
            }
        }
    }

    #[test]
    fn participation_guards_an_empty_audience() {
        let mut info = small();
        info.figures.audience = 0;
        let svg = draw(&info, Paper::A4, None, Locale::en);
        let elements = parsed(&svg);
        let audience = elements
            .iter()
            .find(|e| e.attribute("data-figure") == Some("audience"));
        assert_eq!(audience.map(|e| e.text.as_str()), Some("0 invited"));
        info.figures.audience = 40;
        let svg = draw(&info, Paper::A4, None, Locale::en);
        assert!(svg.contains("30% of the 40 invited"));
    }

    /// Pages that stress the layout: crowded, tiny, empty and full of long words.
    fn stress_cases() -> Vec<(&'static str, Infographic, Paper)> {
        let mut one_day = small();
        one_day.timeline.truncate(1);
        one_day.closes_at = one_day.opens_at;

        let mut empty = small();
        empty.title.clear();
        empty.question.clear();
        empty.summary.clear();
        empty.sponsor_name.clear();
        empty.themes.clear();
        empty.timeline.clear();
        empty.figures = Figures {
            participants: 0,
            audience: 0,
            ideas: 0,
            comments: 0,
            votes: 0,
            departments: 0,
            regions: 0,
        };

        let mut long_words = large();
        long_words.title = "W".repeat(300);
        long_words.summary = "Supercalifragilistic".repeat(40);
        long_words.figures.votes = 9_876_543_210;
        for theme in &mut long_words.themes {
            theme.name = "Ünterschiedlichkeitsbetrachtungen".repeat(3);
            for contributor in &mut theme.contributors {
                contributor.name = "W".repeat(60);
            }
        }
        vec![
            ("small", small(), Paper::A4),
            ("large", large(), Paper::A4),
            ("large A3", large(), Paper::A3),
            ("one day", one_day, Paper::A4),
            ("empty", empty, Paper::A4),
            ("long words", long_words, Paper::A4),
        ]
    }

    /// The stress cases in every language: translations run longer than English.
    fn stress_cases_in_every_language() -> Vec<(String, Infographic, Paper, Locale)> {
        crate::locale::LANGUAGES
            .into_iter()
            .flat_map(|locale| {
                stress_cases().into_iter().map(move |(case, info, paper)| {
                    (format!("{case} ({locale:?})"), info, paper, locale)
                })
            })
            .collect()
    }

    #[test]
    fn text_stays_on_the_page_and_never_overlaps() {
        for (case, info, paper, locale) in stress_cases_in_every_language() {
            let drawing = layout(&info, paper, Some(LARGE_VIEWER), locale);
            parsed(&drawing.svg);
            let (width, height) = paper.size_mm();
            assert!((drawing.page.width - width * PT_PER_MM).abs() < 1e-9);
            assert!((drawing.page.height - height * PT_PER_MM).abs() < 1e-9);
            let mut boxes = drawing.boxes.clone();
            for b in &boxes {
                assert!(
                    contains(&drawing.page, &b.rect),
                    "{case}: {b:?} leaves the page"
                );
                assert!(b.rect.width >= 0.0, "{case}: {b:?}");
            }
            // Sweep along x so that only boxes that could meet are compared.
            boxes.sort_by(|a, b| a.rect.x.total_cmp(&b.rect.x));
            for (i, a) in boxes.iter().enumerate() {
                for b in boxes[i + 1..]
                    .iter()
                    .take_while(|b| b.rect.x < a.rect.right())
                {
                    assert!(
                        !overlap(&a.rect, &b.rect),
                        "{case}: text of the {} section overlaps: {a:?}, {b:?}",
                        a.section
                    );
                }
            }
        }
    }

    #[test]
    fn treemap_labels_stay_inside_their_cells() {
        for (case, info, paper, locale) in stress_cases_in_every_language() {
            let svg = draw(&info, paper, None, locale);
            let elements = parsed(&svg);
            let mut cell: Option<Rect> = None;
            let mut in_themes = false;
            for element in &elements {
                let number = |name: &str| {
                    element
                        .attribute(name)
                        .and_then(|v| v.parse::<f64>().ok())
                        .unwrap_or(f64::NAN)
                };
                match element.name.as_str() {
                    "g" if element.attribute("id").is_some() => {
                        in_themes = element.attribute("id") == Some("themes");
                    }
                    "g" => cell = None,
                    "rect" if in_themes => {
                        cell = Some(Rect {
                            x: number("x"),
                            y: number("y"),
                            width: number("width"),
                            height: number("height"),
                        });
                    }
                    "text" if in_themes => {
                        let size = number("font-size");
                        let Some(cell) = cell else {
                            continue; // the section heading
                        };
                        let bold = element.attribute("font-weight").is_some();
                        let label = Rect {
                            x: number("x"),
                            y: number("y") - ASCENT * size,
                            width: em_width(&element.text, bold) * size,
                            height: (ASCENT + DESCENT) * size,
                        };
                        assert!(
                            contains(&cell, &label),
                            "{case}: {label:?} outside {cell:?}"
                        );
                        assert!(size >= 5.0 - 1e-9, "{case}: label at {size}pt");
                    }
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn viewer_is_marked_wherever_they_contributed() {
        let svg = draw(&small(), Paper::A4, Some(3), Locale::en);
        let elements = parsed(&svg);
        let marked: Vec<&Element> = elements
            .iter()
            .filter(|e| e.attribute("data-you") == Some("true"))
            .collect();
        assert_eq!(marked.len(), 2, "person 3 is in two themes");
        for element in &marked {
            assert_eq!(element.text, "Dev Patel");
            assert_eq!(element.attribute("font-weight"), Some("bold"));
        }
        assert_eq!(svg.matches(r##"fill="#ffe066""##).count(), 2);

        // In a crowded wall the viewer is kept even where their theme is cut short.
        let info = large();
        let svg = draw(&info, Paper::A4, Some(LARGE_VIEWER), Locale::en);
        let viewer_name = &info.themes[0]
            .contributors
            .iter()
            .find(|c| c.person_id == LARGE_VIEWER)
            .map(|c| c.name.clone());
        let elements = parsed(&svg);
        let marked: Vec<&Element> = elements
            .iter()
            .filter(|e| e.attribute("data-you") == Some("true"))
            .collect();
        let themes_with_viewer = info
            .themes
            .iter()
            .filter(|t| t.contributors.iter().any(|c| c.person_id == LARGE_VIEWER))
            .count();
        assert!(themes_with_viewer >= LARGE_VIEWER_THEMES.len());
        assert_eq!(marked.len(), themes_with_viewer);
        for element in marked {
            assert_eq!(Some(&element.text), viewer_name.as_ref());
        }

        assert!(!draw(&small(), Paper::A4, None, Locale::en).contains("data-you"));
        assert!(!draw(&small(), Paper::A4, Some(999), Locale::en).contains("data-you"));
    }

    #[test]
    fn beyond_twelve_themes_the_smallest_share_a_grey_cell() {
        let info = large();
        let svg = draw(&info, Paper::A4, None, Locale::en);
        let elements = parsed(&svg);
        let cells: Vec<&Element> = elements
            .iter()
            .filter(|e| e.attribute("class") == Some("theme"))
            .collect();
        assert_eq!(cells.len(), 12);
        let rest: i64 = info.themes[11..].iter().map(|t| t.contributions()).sum();
        assert_eq!(cells[11].attribute("data-theme"), Some("Other themes (29)"));
        assert_eq!(
            cells[11].attribute("data-contributions"),
            Some(rest.to_string().as_str())
        );
        // Largest first.
        let sizes: Vec<i64> = cells
            .iter()
            .filter_map(|e| e.attribute("data-contributions")?.parse().ok())
            .collect();
        assert!(sizes[..11].windows(2).all(|pair| pair[0] >= pair[1]));

        let mut twelve = large();
        twelve.themes.truncate(12);
        let svg = draw(&twelve, Paper::A4, None, Locale::en);
        assert_eq!(svg.matches(r#"class="theme""#).count(), 12);
        assert!(!svg.contains("Other themes"));
    }

    #[test]
    fn treemap_cells_are_ordered_by_size() {
        let mut info = small();
        info.themes.reverse();
        let svg = draw(&info, Paper::A4, None, Locale::en);
        let elements = parsed(&svg);
        let names: Vec<&str> = elements
            .iter()
            .filter_map(|e| e.attribute("data-theme"))
            .collect();
        assert_eq!(
            names,
            ["Meetings", "Focus time", "Priorities", "Other ideas"]
        );
        // Dark text on the light yellow cell, white on the blue one.
        assert_eq!(text_colour_on("#ffd43b"), INK);
        assert_eq!(text_colour_on("#1d6fa3"), WHITE);
    }

    #[test]
    fn crowded_wall_shrinks_then_cuts_groups_short() {
        let svg = draw(&small(), Paper::A4, None, Locale::en);
        let elements_small = parsed(&svg);
        assert!(!svg.contains(" more</text>"));
        for name in ["Ana Souza", "Lena Fischer", "Kemal Aydın"] {
            assert!(elements_small.iter().any(|e| e.text == name), "{name}");
        }

        let svg = draw(&large(), Paper::A4, None, Locale::en);
        let elements = parsed(&svg);
        let mut in_wall = false;
        let mut sizes = Vec::new();
        let mut more = 0;
        for element in &elements {
            if let Some(id) = element.attribute("id") {
                in_wall = id == "wall";
            }
            if in_wall && element.name == "text" {
                if let Some(size) = element.attribute("font-size") {
                    sizes.push(size.parse::<f64>().unwrap_or(0.0));
                }
                if element.text.starts_with('+') && element.text.ends_with(" more") {
                    more += 1;
                }
            }
        }
        assert!(more > 0, "a crowded wall ends groups with +N more");
        // Apart from the section heading, the wall is set at the smallest size.
        assert!(sizes.iter().skip(2).all(|&size| (size - 4.5).abs() < 1e-9));
    }

    #[test]
    fn text_is_escaped() {
        let mut info = small();
        info.title = r#"<script>alert("x")</script> & 'quotes'"#.to_owned();
        info.themes[0].name = "R&D <lab> \"quoted\"\u{1}".to_owned();
        info.themes[0].colour = "red\" onload=\"x".to_owned();
        let svg = draw(&info, Paper::A4, None, Locale::en);
        let elements = parsed(&svg);
        assert!(elements.iter().any(|e| e.text == info.title));
        assert!(elements
            .iter()
            .any(|e| e.attribute("data-theme") == Some("R&D <lab> \"quoted\" ")));
        assert!(!svg.contains("onload"));
    }

    #[test]
    fn dates_are_civil_utc_days() {
        let day = |ms| format_day(Locale::en, ms);
        assert_eq!(day(OPENS), "3 Oct 2026");
        assert_eq!(day(OPENS + DAY_MS - 1), "3 Oct 2026");
        assert_eq!(day(1_709_164_800_000), "29 Feb 2024");
        assert_eq!(day(951_868_800_000), "1 Mar 2000");
        assert_eq!(day(0), "1 Jan 1970");
        assert_eq!(day(-1), "31 Dec 1969");
        assert!(draw(&small(), Paper::A4, None, Locale::en).contains("3 Oct 2026 – 12 Oct 2026"));
    }

    #[test]
    fn timeline_labels_first_and_last_day() {
        let timeline_texts = |info: &Infographic| {
            let svg = draw(info, Paper::A4, None, Locale::en);
            let elements = parsed(&svg);
            let start = elements
                .iter()
                .position(|e| e.attribute("id") == Some("timeline"))
                .unwrap_or(0);
            elements[start + 1..]
                .iter()
                .take_while(|e| e.attribute("id").is_none())
                .filter(|e| e.name == "text")
                .map(|e| e.text.clone())
                .collect::<Vec<_>>()
        };
        let mut one_day = small();
        one_day.timeline.truncate(1);
        let texts = timeline_texts(&one_day);
        assert!(texts.contains(&"3 Oct 2026".to_owned()));
        assert!(texts.contains(&"Votes".to_owned()));
        assert!(texts.contains(&"Ideas & comments".to_owned()));

        let texts = timeline_texts(&large());
        assert!(texts.contains(&"3 Oct 2026".to_owned()));
        assert!(texts.contains(&"20 Apr 2027".to_owned()));
    }

    #[test]
    fn text_helpers_fit_their_width() {
        let font = Font::regular(10.0);
        let text = "The quick brown fox jumps over the lazy dog again and again and again";
        let wrapped = wrap(text, 100.0, font, 2);
        assert_eq!(wrapped.lines.len(), 2);
        assert!(wrapped.cut);
        assert!(wrapped.lines[1].ends_with('…'));
        assert!(wrapped.lines.iter().all(|line| font.width(line) <= 100.0));
        let whole = wrap("short words", 100.0, font, 2);
        assert_eq!(whole.lines, ["short words"]);
        assert!(!whole.cut);
        let split = wrap(&"x".repeat(50), 100.0, font, 3);
        assert!(split.lines.iter().all(|line| font.width(line) <= 100.0));
        assert_eq!(truncate("fits", 100.0, font), "fits");
        let cut = truncate(text, 60.0, font);
        assert!(cut.ends_with('…') && font.width(&cut) <= 60.0);
        assert_eq!(truncate(text, 1.0, font), "");
        assert_eq!(percent(1, 1000, Locale::en), "<1%");
        assert_eq!(percent(0, 10, Locale::en), "0%");
        assert_eq!(percent(3, 10, Locale::es), "30\u{a0}%");
        assert_eq!(vote_count(1, Locale::en), "1 vote");
        assert_eq!(vote_count(1_204, Locale::en), "1,204 votes");
        assert_eq!(vote_count(1_204, Locale::nl), "1.204 stemmen");
        assert_eq!(idea_count(1, Locale::es), "1 idea");
    }

    #[test]
    fn the_page_speaks_the_language_asked_for() {
        let mut info = small();
        info.hide_authors = true;
        let texts = |locale: Locale| -> Vec<String> {
            let svg = draw(&info, Paper::A4, None, locale);
            parsed(&svg)
                .into_iter()
                .filter(|e| e.name == "text")
                .map(|e| e.text)
                .collect()
        };
        let english = texts(Locale::en);
        let dutch = texts(Locale::nl);
        let spanish = texts(Locale::es);
        let has = |texts: &[String], wanted: &str| texts.iter().any(|text| text == wanted);
        let mentions = |texts: &[String], wanted: &str| texts.iter().any(|t| t.contains(wanted));
        for wanted in [
            "people took part",
            "ideas shared",
            "THEMES",
            "Votes",
            "Ideas & comments",
            "42 votes",
            "3 Oct 2026",
        ] {
            assert!(has(&english, wanted), "English lacks {wanted:?}");
        }
        assert!(has(
            &english,
            "Sponsored by Maria Keller, Chief People Officer · 3 Oct 2026 – 12 Oct 2026"
        ));
        assert!(has(&english, "12 people · initials only"));
        assert!(has(&english, "“Let us plan first.”"));
        for wanted in [
            "mensen deden mee",
            "ideeën gedeeld",
            "THEMA'S",
            "Stemmen",
            "Ideeën en reacties",
            "42 stemmen",
            "BIJDRAGERS",
            "3 okt 2026",
        ] {
            assert!(has(&dutch, wanted), "Dutch lacks {wanted:?}: {dutch:?}");
        }
        assert!(mentions(&dutch, "Sponsor: Maria Keller"));
        assert!(mentions(&dutch, "alleen initialen"));
        assert!(mentions(&dutch, "„Let us plan first.”"));
        for wanted in [
            "personas participaron",
            "TEMAS",
            "Votos",
            "42 votos",
            "3 oct 2026",
        ] {
            assert!(
                has(&spanish, wanted),
                "Spanish lacks {wanted:?}: {spanish:?}"
            );
        }
        assert!(mentions(&spanish, "30\u{a0}% de los 40 invitados"));
        assert!(mentions(&spanish, "«Let us plan first.»"));
        for english_only in [
            "people took part",
            "ideas shared",
            "votes cast",
            "THEMES",
            "CONTRIBUTORS",
            "HIGHLIGHTED IDEAS",
            "Votes",
            "Sponsored by",
            "invited",
            "initials only",
            "Oct",
        ] {
            for (language, texts) in [("Dutch", &dutch), ("Spanish", &spanish)] {
                assert!(
                    !mentions(texts, english_only),
                    "{language} still says {english_only:?}"
                );
            }
        }
    }
}
