//! The form laid out on A4 with printpdf, in DejaVu Sans (the `dejavu` crate ships it; its
//! licence allows embedding), which has every Cyrillic letter; the font is embedded, so the
//! PDF reads the same on any machine and its text can be searched and copied.

use anyhow::{anyhow, Result};
use printpdf::{IndirectFontRef, Line as Rule, Mm, PdfDocument, PdfLayerReference, Point};

use super::form::{Line, PrintedForm};

const PAGE_WIDTH: f32 = 210.0;
const PAGE_HEIGHT: f32 = 297.0;
const LEFT: f32 = 20.0;
const VALUE_X: f32 = 80.0;
const BOTTOM: f32 = 20.0;
/// Characters of a value per line at the body size (DejaVu Sans, 10 pt, 110 mm).
const VALUE_CHARS: usize = 58;
/// Characters of a label per line (55 mm).
const LABEL_CHARS: usize = 30;
const BODY: f32 = 10.0;
const LINE_MM: f32 = 5.0;

/// Where the next line goes: the page being written and how far down it.
struct Cursor<'a> {
    doc: &'a printpdf::PdfDocumentReference,
    layer: PdfLayerReference,
    y: f32,
    font: &'a IndirectFontRef,
}

impl Cursor<'_> {
    /// Moves down `mm`, onto a new page when the bottom is reached.
    fn down(&mut self, mm: f32) {
        self.y -= mm;
        if self.y < BOTTOM {
            let (page, layer) = self.doc.add_page(Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT), "form");
            self.layer = self.doc.get_page(page).get_layer(layer);
            self.y = PAGE_HEIGHT - BOTTOM - mm;
        }
    }

    fn text(&self, text: &str, size: f32, x: f32) {
        self.layer
            .use_text(text, size, Mm(x), Mm(self.y), self.font);
    }

    fn rule(&self, from: f32, to: f32) {
        self.layer.set_outline_thickness(0.5);
        self.layer.add_line(Rule {
            points: vec![
                (Point::new(Mm(from), Mm(self.y)), false),
                (Point::new(Mm(to), Mm(self.y)), false),
            ],
            is_closed: false,
        });
    }
}

/// The PDF of `form`.
pub fn render(form: &PrintedForm) -> Result<Vec<u8>> {
    let (doc, page, layer) = PdfDocument::new(&form.title, Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT), "form");
    let font = doc
        .add_external_font(dejavu::sans::regular())
        .map_err(|e| anyhow!("embedding the font: {e}"))?;
    let mut cursor = Cursor {
        doc: &doc,
        layer: doc.get_page(page).get_layer(layer),
        y: PAGE_HEIGHT - 25.0,
        font: &font,
    };
    cursor.text(&form.title, 14.0, LEFT);
    cursor.down(6.0);
    cursor.rule(LEFT, PAGE_WIDTH - LEFT);
    for line in &form.lines {
        match line {
            Line::Heading(text) => {
                cursor.down(9.0);
                for part in wrap(text, 80) {
                    cursor.text(&part, 11.5, LEFT);
                    cursor.down(LINE_MM + 0.5);
                }
                cursor.y += LINE_MM + 0.5;
                cursor.down(2.0);
            }
            Line::Field(label, value) => {
                cursor.down(LINE_MM + 1.0);
                let labels = wrap(label, LABEL_CHARS);
                let values = wrap(value, VALUE_CHARS);
                for i in 0..labels.len().max(values.len()) {
                    if i > 0 {
                        cursor.down(LINE_MM);
                    }
                    if let Some(part) = labels.get(i) {
                        cursor.text(part, 9.0, LEFT);
                    }
                    if let Some(part) = values.get(i) {
                        cursor.text(part, BODY, VALUE_X);
                    }
                }
            }
            Line::Signature(who, name) => {
                cursor.down(16.0);
                cursor.text(who, BODY, LEFT);
                cursor.rule(VALUE_X, VALUE_X + 55.0);
                cursor.text(&format!("/ {name} /"), BODY, VALUE_X + 60.0);
                cursor.down(4.0);
                cursor.text("подпись", 7.0, VALUE_X + 22.0);
                cursor.text("дата: «___» __________ 20__ г.", 9.0, VALUE_X + 60.0);
            }
        }
    }
    doc.save_to_bytes()
        .map_err(|e| anyhow!("writing the PDF: {e}"))
}

/// `text` cut into lines of at most `width` characters, at spaces where it can be.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split(' ') {
        let mut word = word.to_owned();
        while word.chars().count() > width {
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            let head: String = word.chars().take(width).collect();
            word = word.chars().skip(width).collect();
            lines.push(head);
        }
        let needed =
            current.chars().count() + usize::from(!current.is_empty()) + word.chars().count();
        if needed > width && !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&word);
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn long_values_wrap_at_spaces_and_long_words_are_cut() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 5), [""]);
        assert!(wrap("Иванов Иван Иванович", 10)
            .iter()
            .all(|l| l.chars().count() <= 10));
    }
}
