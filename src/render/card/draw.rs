//! Drawing an SVG into a PNG with resvg, in the font rapport ships.
//!
//! Only the fonts inside the binary are known to the renderer (Noto Sans,
//! from the `notosans` crate, under the SIL Open Font License: see
//! `licenses/NotoSans-OFL.txt`), so a card looks the same on every machine
//! and needs no system font. An `<image href>` is looked up among the images
//! a card was given; nothing is read from the disk or the network here.

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, fontdb, ImageHrefResolver, ImageKind, Options};
use std::sync::{Arc, OnceLock};

/// Noto Sans, regular and bold.
pub const REGULAR: &[u8] = notosans::REGULAR_TTF;
pub const BOLD: &[u8] = notosans::BOLD_TTF;
/// The family name card templates write in `font-family`.
pub const FAMILY: &str = "Noto Sans";

/// An image an SVG refers to by `href`, with its bytes.
pub type Image = (String, Arc<Vec<u8>>);

/// The renderer's fonts: the shipped ones only, loaded once.
fn fonts() -> Arc<fontdb::Database> {
    static FONTS: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = fontdb::Database::new();
            for face in [
                REGULAR,
                BOLD,
                notosans::ITALIC_TTF,
                notosans::BOLD_ITALIC_TTF,
            ] {
                db.load_font_source(fontdb::Source::Binary(Arc::new(face)));
            }
            db.set_sans_serif_family(FAMILY);
            db.set_serif_family(FAMILY);
            Arc::new(db)
        })
        .clone()
}

/// What the bytes of an image are, from their first bytes.
fn kind_of(bytes: &Arc<Vec<u8>>, options: &Options) -> Option<ImageKind> {
    let data = bytes.clone();
    match bytes.as_slice() {
        [0x89, b'P', b'N', b'G', ..] => Some(ImageKind::PNG(data)),
        [0xff, 0xd8, 0xff, ..] => Some(ImageKind::JPEG(data)),
        [b'G', b'I', b'F', ..] => Some(ImageKind::GIF(data)),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => {
            Some(ImageKind::WEBP(data))
        }
        _ => usvg::Tree::from_data_nested(bytes, options)
            .ok()
            .map(ImageKind::SVG),
    }
}

/// Draws `svg` at its own size, `scale` times larger, into PNG bytes;
/// `images` are what its `<image href>`s name.
pub fn png(svg: &str, images: &[Image], scale: f32) -> Result<Vec<u8>, String> {
    let images = images.to_vec();
    let options = Options {
        font_family: FAMILY.to_string(),
        fontdb: fonts(),
        image_href_resolver: ImageHrefResolver {
            // Pictures written into the SVG itself (data: URLs) are fine.
            resolve_data: ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(move |href: &str, options: &Options| {
                let (_, bytes) = images.iter().find(|(name, _)| name == href)?;
                kind_of(bytes, options)
            }),
        },
        ..Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(scale)
        .ok_or("the SVG has no size")?;
    let mut pixmap = Pixmap::new(size.width(), size.height()).ok_or_else(|| {
        format!(
            "cannot draw a picture of {}×{}",
            size.width(),
            size.height()
        )
    })?;
    resvg::render(
        &tree,
        Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| e.to_string())
}

/// An app icon of `size` px: the logo centred on a white square. Phones
/// round the corners themselves and show no transparency.
pub fn icon(logo: &Image, size: u32) -> Result<Vec<u8>, String> {
    let inset = size / 8;
    let inner = size - 2 * inset;
    let svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 {size} {size}"><rect width="{size}" height="{size}" fill="#ffffff"/><image href="{href}" x="{inset}" y="{inset}" width="{inner}" height="{inner}" preserveAspectRatio="xMidYMid meet"/></svg>"##,
        href = crate::markdown::escape(&logo.0),
    );
    png(&svg, std::slice::from_ref(logo), 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_drawn_with_the_shipped_font_alone() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><text x="10" y="45" font-size="40" font-family="Noto Sans">Perché</text></svg>"#;
        let png = png(svg, &[], 1.0).unwrap();
        let pixmap = Pixmap::decode_png(&png).unwrap();
        let inked = pixmap.pixels().iter().filter(|p| p.red() < 128).count();
        assert!(inked > 200, "only {inked} pixels drawn");
    }

    #[test]
    fn an_icon_is_square_and_shows_its_logo() {
        let logo = (
            "logo.svg".to_string(),
            Arc::new(br##"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#ff0000"/></svg>"##.to_vec()),
        );
        let pixmap = Pixmap::decode_png(&icon(&logo, 180).unwrap()).unwrap();
        assert_eq!((pixmap.width(), pixmap.height()), (180, 180));
        let centre = pixmap.pixel(90, 90).unwrap();
        assert_eq!((centre.red(), centre.green(), centre.blue()), (255, 0, 0));
        let corner = pixmap.pixel(2, 2).unwrap();
        assert_eq!(
            (corner.red(), corner.green(), corner.blue()),
            (255, 255, 255)
        );
    }
}
