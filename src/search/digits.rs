//! Numbers written in printable characters, for the index's strings: a
//! word's number in a page's text, a gap between two pages in a list of
//! pages. A number is one or more digits; the last is one of the first
//! `last` of the 93 digits, any before it one of the others, so a string of
//! numbers needs no separator, and small numbers take one character.

/// The digits: printable ASCII except `"` and `\`, which a JSON string would
/// escape. search.js builds the same list.
pub const DIGITS: &[u8; 93] = b" !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";

/// The fewest digits kept for continuing a number: with five, the numbers of
/// the words the dev server adds after the split was chosen stay short.
pub const MORE_DIGITS: u32 = 5;

/// The split for lists of pages and parts: gaps below 64 take one digit.
pub const GAP_LAST: u32 = 64;

/// Writes `n` with numbers ending in one of the first `last` digits.
pub fn write_number(out: &mut String, n: u32, last: u32) {
    let last = u64::from(last);
    let more = DIGITS.len() as u64 - last;
    // Numbers of one digit, of two, of three… come in blocks.
    let (mut length, mut block, mut start) = (1usize, last, 0u64);
    while u64::from(n) >= start + block {
        start += block;
        block *= more;
        length += 1;
    }
    // At least MORE_DIGITS continuing digits: a u32 takes at most 15.
    let mut digits = [0u8; 16];
    let mut rest = u64::from(n) - start;
    digits[length - 1] = DIGITS[(rest % last) as usize];
    rest /= last;
    for digit in digits[..length - 1].iter_mut().rev() {
        *digit = DIGITS[(last + rest % more) as usize];
        rest /= more;
    }
    for &d in &digits[..length] {
        out.push(d as char);
    }
}

/// How many digits should end a number, so that numbers with these
/// frequencies (most frequent first) take the fewest characters.
pub fn best_split(frequencies: &[u64]) -> u32 {
    let total = DIGITS.len() as u64;
    (2..=total - u64::from(MORE_DIGITS))
        .min_by_key(|&last| {
            let more = total - last;
            let (mut length, mut block, mut start, mut cost) = (1u64, last, 0u64, 0u64);
            for (rank, &f) in frequencies.iter().enumerate() {
                while rank as u64 >= start + block {
                    start += block;
                    block *= more;
                    length += 1;
                }
                cost += f * length;
            }
            cost
        })
        .unwrap_or(62) as u32
}

/// Reads numbers back the way search.js does.
#[cfg(test)]
pub fn read_numbers(text: &str, last: u32) -> Vec<u32> {
    let (last, more) = (u64::from(last), DIGITS.len() as u64 - u64::from(last));
    let mut out = Vec::new();
    // The first number of each length: 0, then `last`, then `last * more`…
    let (mut acc, mut length, mut start, mut block) = (0u64, 0, 0u64, last);
    for b in text.bytes() {
        let d = DIGITS.iter().position(|&x| x == b).unwrap_or(0) as u64;
        length += 1;
        if length > 1 {
            start += block;
            block *= more;
        }
        if d < last {
            out.push((start + acc * last + d) as u32);
            (acc, length, start, block) = (0, 0, 0, last);
        } else {
            acc = acc * more + (d - last);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_number_comes_back_with_any_split() {
        for last in [2, 46, GAP_LAST, 88] {
            let numbers = [0, 1, last - 1, last, 5_000, 1_000_000, u32::MAX];
            let mut text = String::new();
            for n in numbers {
                write_number(&mut text, n, last);
            }
            assert_eq!(read_numbers(&text, last), numbers, "split {last}");
        }
    }

    #[test]
    fn small_numbers_take_one_digit() {
        let mut text = String::new();
        write_number(&mut text, GAP_LAST - 1, GAP_LAST);
        assert_eq!(text.len(), 1);
    }
}
