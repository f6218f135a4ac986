//! Deterministic mutations of one input file, line by line: the slips a hand-edited document makes (lines lost,
//! doubled, swapped or cut short; stray `|`, `⇥`, tabs, CRLF, BOM and NUL) and the hostile values issue 11 found
//! (deep `array[`, reserved and clashing names, code fences, HTML, huge numbers).
//!
//! The generator is splitmix64, written out here rather than taken from a crate so that a seed means the same case
//! for as long as this file is unchanged, whatever the dependencies do.

/// splitmix64: a tiny, well-mixed generator; the same seed always gives the same sequence.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (0 when `bound` is 0).
    pub fn below(&mut self, bound: usize) -> usize {
        if bound == 0 { 0 } else { (self.next_u64() % bound as u64) as usize }
    }

    /// One of `items` (which must not be empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Names that broke the generator once: keywords, names without letters, the generator's and the prelude's own
/// names, and spellings that meet after case conversion.
pub const HOSTILE_NAMES: [&str; 32] = [
    "self",
    "Self",
    "super",
    "crate",
    "extern",
    "_",
    "_1",
    "1st",
    "type",
    "gen",
    "async",
    "r#type",
    "new",
    "builder",
    "send",
    "client",
    "method",
    "into_future",
    "types",
    "enums",
    "mod",
    "mock",
    "Option",
    "String",
    "Vec",
    "Unknown",
    "UNKNOWN",
    "HTTPError",
    "HttpError",
    "user-id",
    "userId",
    "用户",
];

/// Values that overflowed or exhausted something once.
const HUGE_NUMBERS: [&str; 7] = [
    "-9223372036854775808",
    "9223372036854775807",
    "9223372036854775808",
    "99999999999999999999999999",
    "4294967296",
    "-1",
    "0",
];

/// The most bytes one mutation that repeats a line adds.
const MAX_ADDED_BYTES: usize = 4 << 20;

/// What a mutation did, for the report of a finding.
pub type Description = String;

/// Applies one random mutation to `text`, describing it (with 1-based line numbers).
pub fn mutate(rng: &mut Rng, text: &str) -> (String, Description) {
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    let count = lines.len();
    let at = rng.below(count);
    let line = lines[at].clone();
    let char_at = |rng: &mut Rng, line: &str| {
        let boundaries: Vec<usize> = line.char_indices().map(|(i, _)| i).chain([line.len()]).collect();
        *rng.pick(&boundaries)
    };
    let insert = |line: &str, offset: usize, what: &str| format!("{}{what}{}", &line[..offset], &line[offset..]);
    let what = match rng.below(17) {
        0 => {
            lines.remove(at);
            "deleted".to_owned()
        }
        1 => {
            lines.insert(at, line);
            "duplicated".to_owned()
        }
        2 => {
            let other = (at + 1 + rng.below(3)).min(count - 1);
            lines.swap(at, other);
            format!("swapped with line {}", other + 1)
        }
        3 => {
            let offset = char_at(rng, &line);
            lines[at].truncate(offset);
            format!("truncated at byte {offset}")
        }
        4 => {
            let offset = char_at(rng, &line);
            lines[at] = insert(&line, offset, "|");
            format!("`|` inserted at byte {offset}")
        }
        5 => {
            let most = if rng.below(4) == 0 { 3000 } else { 4 };
            let depth = 1 + rng.below(most);
            let offset = if line.starts_with('|') { 1 } else { char_at(rng, &line) };
            lines[at] = insert(&line, offset, &"⇥".repeat(depth));
            format!("{depth} `⇥` inserted at byte {offset}")
        }
        6 => {
            let offset = if rng.below(2) == 0 { 0 } else { char_at(rng, &line) };
            lines[at] = insert(&line, offset, "\t");
            format!("tab inserted at byte {offset}")
        }
        7 => {
            let (ending, name) = *rng.pick(&[("\r", "CRLF ending"), ("\r", "lone CR"), ("\u{2028}", "U+2028")]);
            match name {
                "CRLF ending" => lines[at].push('\r'),
                _ => {
                    let offset = char_at(rng, &line);
                    lines[at] = insert(&line, offset, ending);
                }
            }
            format!("{name} added")
        }
        8 => {
            let offset = if rng.below(2) == 0 { 0 } else { char_at(rng, &line) };
            let (what, name) = *rng.pick(&[("\u{feff}", "BOM"), ("\0", "NUL")]);
            lines[at] = insert(&line, offset, what);
            format!("{name} inserted at byte {offset}")
        }
        9 => {
            let depth = *rng.pick(&[31, 32, 33, 200, 40_000]);
            let word = format!("{}int64{}", "array[".repeat(depth), "]".repeat(depth));
            let toml_word = format!("{}i64{}", "[".repeat(depth), "]".repeat(depth));
            lines[at] = replace_word(
                rng,
                &line,
                &[
                    ("int64", &word),
                    ("int32", &word),
                    ("string", &word),
                    ("\"i64\"", &format!("\"{toml_word}\"")),
                    ("\"string\"", &format!("\"{toml_word}\"")),
                ],
            );
            format!("a type nested {depth} deep")
        }
        10 => {
            let name = *rng.pick(&HOSTILE_NAMES);
            lines[at] = replace_name(rng, &line, name);
            format!("a name replaced by `{name}`")
        }
        11 => {
            // The same row again under a spelling that meets the original after case conversion.
            let respelled = respell(&line);
            lines.insert(at + 1, respelled);
            "respelled copy added below".to_owned()
        }
        12 => {
            let fence = *rng.pick(&[
                "```rust",
                "```",
                "~~~",
                "    indented code",
                "<br>```rust<br>std::fs::write(\"pwned\", \"\").unwrap();<br>```<br>",
            ]);
            if fence.starts_with("<br>") {
                let offset = char_at(rng, &line);
                lines[at] = insert(&line, offset, fence);
            } else {
                lines.insert(at, fence.to_owned());
            }
            format!("code fence `{}` added", fence.escape_debug())
        }
        13 => {
            let html = *rng.pick(&["<img src=x onerror=alert(1)>", "<script>", "</table>", "[Client]", "<br>"]);
            let offset = char_at(rng, &line);
            lines[at] = insert(&line, offset, html);
            format!("`{html}` inserted at byte {offset}")
        }
        14 => {
            let number = *rng.pick(&HUGE_NUMBERS);
            lines[at] = replace_number(rng, &line, number);
            format!("a number replaced by {number}")
        }
        15 => {
            let path =
                *rng.pick(&["/types/a", "/mod/b", "/enums/c", "/self/gen", "/user", "/", "/user/new", "/user/a-b"]);
            lines[at] = replace_path(&line, path);
            format!("a path replaced by `{path}`")
        }
        _ => {
            // A long run of copies: where a quadratic pass would show. At most 4 MB of them, so that a case stays
            // within 16 times the real document's size (the 1 s budget is for such inputs; the scaling benchmark
            // shows larger ones cost in proportion).
            let copies = (50 + rng.below(200)).min(MAX_ADDED_BYTES / line.len().max(1));
            for _ in 0..copies {
                lines.insert(at, line.clone());
            }
            format!("repeated {copies} times")
        }
    };
    (lines.join("\n"), format!("line {}: {what}", at + 1))
}

/// `line` with one occurrence of a `from` word replaced by its `to` (or unchanged if it has none of them).
fn replace_word(rng: &mut Rng, line: &str, words: &[(&str, &str)]) -> String {
    let present: Vec<&(&str, &str)> = words.iter().filter(|(from, _)| line.contains(from)).collect();
    if present.is_empty() {
        return line.to_owned();
    }
    let (from, to) = **rng.pick(&present);
    line.replacen(from, to, 1)
}

/// Replaces the name a line defines: a table row's first cell, a TOML key, a heading's title, or a path segment.
fn replace_name(rng: &mut Rng, line: &str, name: &str) -> String {
    if let Some(row) = line.strip_prefix('|') {
        let (first, rest) = row.split_once('|').unwrap_or((row, ""));
        let depth: String = first.chars().take_while(|c| *c == '⇥').collect();
        return format!("|{depth} {name} |{rest}");
    }
    if let Some(start) = line.find("{ ")
        && let Some(end) = line[start..].find(" = ")
    {
        return format!("{}{{ {name}{}", &line[..start], &line[start + end..]);
    }
    if let Some((key, value)) = line.split_once(" = ") {
        let indent = &key[..key.len() - key.trim_start().len()];
        return format!("{indent}{name} = {value}");
    }
    if let Some(open) = line.find("[types.").or_else(|| line.find("[enums.")) {
        let dot = open + line[open..].find('.').unwrap_or(0);
        return format!("{}.{name}]", &line[..dot]);
    }
    if line.starts_with("> ") && line.contains(" /") {
        let segments: Vec<&str> = line.split('/').collect();
        let replaced = rng.below(segments.len().saturating_sub(1)) + 1;
        let rebuilt: Vec<&str> =
            segments.iter().enumerate().map(|(i, s)| if i == replaced { name } else { s }).collect();
        return rebuilt.join("/");
    }
    format!("{line} {name}")
}

/// A table row or TOML key under another spelling of its name: `user_id` → `userId`, `a-b` → `a_b`.
fn respell(line: &str) -> String {
    let Some(row) = line.strip_prefix('|') else { return line.replacen('_', "-", 1) };
    let (first, rest) = row.split_once('|').unwrap_or((row, ""));
    let name = first.trim().trim_start_matches('⇥').trim();
    let depth: String = first.chars().take_while(|c| *c == '⇥').collect();
    let respelled = if name.contains('_') {
        let mut out = String::new();
        let mut upper = false;
        for c in name.chars() {
            match c {
                '_' => upper = true,
                c if upper => {
                    out.extend(c.to_uppercase());
                    upper = false;
                }
                c => out.push(c),
            }
        }
        out
    } else {
        name.to_uppercase()
    };
    format!("|{depth} {respelled} |{rest}")
}

/// `line` with its first run of digits replaced by `number`.
fn replace_number(rng: &mut Rng, line: &str, number: &str) -> String {
    let runs: Vec<(usize, usize)> = {
        let mut runs = Vec::new();
        let bytes = line.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i].is_ascii_digit() {
                let start = i;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                runs.push((start, i));
            } else {
                i += 1;
            }
        }
        runs
    };
    if runs.is_empty() {
        return format!("{line}{number}");
    }
    let (start, end) = *rng.pick(&runs);
    format!("{}{number}{}", &line[..start], &line[end..])
}

/// A verb line (`> GET /user/x`) or operation key (`"GET /user/x"`) with `path` instead of its path.
fn replace_path(line: &str, path: &str) -> String {
    match line.find(" /") {
        Some(start) => {
            let end = line[start + 1..].find(['"', ' ']).map_or(line.len(), |e| start + 1 + e);
            format!("{} {path}{}", &line[..start], &line[end..])
        }
        None => line.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_deterministic_and_spread() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        let first: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        assert_eq!(first, (0..5).map(|_| b.next_u64()).collect::<Vec<_>>());
        // splitmix64's published first output for seed 0.
        assert_eq!(Rng::new(0).next_u64(), 0xe220_a839_7b1d_cdaf);
        let mut counts = [0; 4];
        for _ in 0..4000 {
            counts[Rng::below(&mut a, 4)] += 1;
        }
        assert!(counts.iter().all(|&c| c > 800), "{counts:?}");
    }

    #[test]
    fn names_are_replaced_where_lines_define_them() {
        let mut rng = Rng::new(1);
        assert_eq!(replace_name(&mut rng, "|⇥ user_id | int64 | x |", "self"), "|⇥ self | int64 | x |");
        assert_eq!(replace_name(&mut rng, "name = \"x\"", "type"), "type = \"x\"");
        assert_eq!(replace_name(&mut rng, "[types.UserInfo]", "Option"), "[types.Option]");
        assert_eq!(replace_name(&mut rng, "values = { A = 1, B = 2 }", "Unknown"), "values = { Unknown = 1, B = 2 }");
        assert_eq!(replace_name(&mut rng, "> GET /user/x", "new"), "> GET /user/new");
        assert_eq!(respell("| user_id | int64 |"), "| userId | int64 |");
        assert_eq!(respell("|⇥ mode | int32 |"), "|⇥ MODE | int32 |");
        assert_eq!(replace_path("> POST /user/authmode", "/types/a"), "> POST /types/a");
        assert_eq!(replace_path("[operations.\"GET /user/x\"]", "/mod/b"), "[operations.\"GET /mod/b\"]");
        let replaced = replace_number(&mut rng, "## 1.1 x", "99");
        assert!(replaced == "## 99.1 x" || replaced == "## 1.99 x", "{replaced}");
    }
}
