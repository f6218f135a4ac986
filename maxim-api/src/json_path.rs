//! The JSON path (`data.messages[0].from_xid.uid`) of the value a serde_json error points at, found by walking the
//! body's text, not by decoding it again: no generic code per result type, and nothing at all on the fast path.
//!
//! serde_json reports the position right after the last byte it consumed. For a scalar of the wrong type that is the
//! value's last byte; for a container of the wrong type (`map`, `sequence`), which serde_json only peeked at, it is
//! the byte just before the container; for a missing field, the object's closing brace. So the path is that of the
//! value starting at the position, else of the innermost value containing the last consumed byte.

/// The most nesting walked; deeper values report the path of their ancestor at this depth.
const MAX_DEPTH: usize = 128;

/// The path of the value at serde_json's error position `line`/`column` (1-based) in `body`, `""` for the root.
pub(crate) fn path_at(body: &[u8], line: usize, column: usize) -> String {
    let line_start: usize = body.split(|&b| b == b'\n').take(line.saturating_sub(1)).map(|l| l.len() + 1).sum();
    let position = line_start + column;
    let mut walker = Walker { body, at: 0, position, path: Vec::new(), starting: None, containing: None };
    walker.value(0);
    walker.starting.or(walker.containing).unwrap_or_default()
}

enum Segment {
    Key(String),
    Index(usize),
}

struct Walker<'a> {
    body: &'a [u8],
    at: usize,
    /// The error position: the index right after the last consumed byte.
    position: usize,
    path: Vec<Segment>,
    starting: Option<String>,
    containing: Option<String>,
}

impl Walker<'_> {
    fn peek(&self) -> Option<u8> {
        self.body.get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.at += 1;
        }
    }

    /// Walks one value and records it if the error position is there.
    fn value(&mut self, depth: usize) {
        self.skip_whitespace();
        let start = self.at;
        match self.peek() {
            Some(b'{') if depth < MAX_DEPTH => self.object(depth),
            Some(b'[') if depth < MAX_DEPTH => self.array(depth),
            Some(b'"') => {
                self.string();
            }
            Some(_) => self.scalar(),
            None => return,
        }
        let end = self.at.max(start + 1);
        if start == self.position && self.starting.is_none() {
            self.starting = Some(self.render());
        }
        // Children end first: the first value containing the last consumed byte is the innermost.
        if (start..end).contains(&self.position.wrapping_sub(1)) && self.containing.is_none() {
            self.containing = Some(self.render());
        }
    }

    fn object(&mut self, depth: usize) {
        self.at += 1;
        loop {
            self.skip_whitespace();
            match self.peek() {
                Some(b'"') => {}
                Some(b'}') => {
                    self.at += 1;
                    return;
                }
                _ => return self.skip_rest(),
            }
            let key = self.string();
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return self.skip_rest();
            }
            self.at += 1;
            self.path.push(Segment::Key(key));
            self.value(depth + 1);
            self.path.pop();
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return;
                }
                _ => return self.skip_rest(),
            }
        }
    }

    fn array(&mut self, depth: usize) {
        self.at += 1;
        let mut index = 0;
        loop {
            self.skip_whitespace();
            if self.peek() == Some(b']') {
                self.at += 1;
                return;
            }
            self.path.push(Segment::Index(index));
            self.value(depth + 1);
            self.path.pop();
            index += 1;
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return;
                }
                _ => return self.skip_rest(),
            }
        }
    }

    /// A string starting at `"`; returns its text (escapes other than `\"` and `\\` kept as written).
    fn string(&mut self) -> String {
        self.at += 1;
        let mut text = Vec::new();
        while let Some(b) = self.peek() {
            self.at += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    if let Some(escaped) = self.peek() {
                        self.at += 1;
                        if !matches!(escaped, b'"' | b'\\') {
                            text.push(b'\\');
                        }
                        text.push(escaped);
                    }
                }
                _ => text.push(b),
            }
        }
        String::from_utf8_lossy(&text).into_owned()
    }

    /// A number, `true`, `false` or `null`: up to the next delimiter.
    fn scalar(&mut self) {
        while self.peek().is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace()) {
            self.at += 1;
        }
    }

    /// Gives up on text that is not JSON (the caller parsed it before, so this is only a guard against looping).
    fn skip_rest(&mut self) {
        self.at = self.body.len();
    }

    fn render(&self) -> String {
        let mut out = String::new();
        for segment in &self.path {
            match segment {
                Segment::Key(key) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                }
                Segment::Index(index) => {
                    out.push('[');
                    out.push_str(&index.to_string());
                    out.push(']');
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::path_at;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code, reason = "decoded to provoke errors")]
    struct Envelope {
        code: i64,
        data: Option<Data>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code, reason = "decoded to provoke errors")]
    struct Data {
        user_id: Option<i64>,
        name: Option<String>,
        list: Option<Vec<Item>>,
        required: Option<Required>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code, reason = "decoded to provoke errors")]
    struct Item {
        uid: Option<i64>,
        flag: Option<bool>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code, reason = "decoded to provoke errors")]
    struct Required {
        must: i64,
    }

    /// The walker finds the same path as serde_path_to_error, which decodes again with bookkeeping per key.
    #[test]
    fn same_paths_as_serde_path_to_error() {
        let bodies = [
            r#"{"code":200,"data":{"user_id":"abc"}}"#,
            r#"{"code":200,"data":{"user_id":1.5}}"#,
            r#"{"code":200,"data":{"user_id":1.5 }}"#,
            r#"{"code":200,"data":{"user_id":{"a":[1,{"b":2}]}}}"#,
            r#"{"code":200,"data":{"user_id" : [1]}}"#,
            r#"{"code":200,"data":{"list":[{"uid":2},{"uid":true}]}}"#,
            r#"{"code":200,"data":{"list":[{"uid":2,"x":"a,}]\""},{"flag":3}]}}"#,
            r#"{"code":200,"data":{"list":{}}}"#,
            r#"{"code":200,"data":{"required":{}}}"#,
            r#"{"code":200,"data":{"required":{"x":1}}}"#,
            r#"{"code":200,"data":{"required":{"must":null}}}"#,
            r#"{"code":200,"data":{"name":5}}"#,
            "{\"code\":200,\n \"data\":{\n  \"name\":true}}",
            r#"{"code":200,"data":{"user_id":99999999999999999999}}"#,
            r#"{"code":200,"data":5}"#,
            r#"{"code":"200"}"#,
            r#"{"code":200,"data":{"us\"er":1,"user_id":-1.5e3}}"#,
        ];
        for body in bodies {
            let error = serde_json::from_str::<Envelope>(body).expect_err(body);
            let mut de = serde_json::Deserializer::from_str(body);
            let expected = serde_path_to_error::deserialize::<_, Envelope>(&mut de).expect_err(body).path().to_string();
            let expected = if expected == "." { String::new() } else { expected };
            assert_eq!(path_at(body.as_bytes(), error.line(), error.column()), expected, "{body}");
        }
    }

    #[test]
    fn deep_nesting_is_walked_without_recursing_past_the_limit() {
        let body = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(path_at(body.as_bytes(), 1, 5), "[0][0][0][0][0]", "the value starting at index 5");
        assert_eq!(path_at(body.as_bytes(), 1, 10_001), "[0]".repeat(128), "beyond the limit: the deepest walked");
        assert_eq!(path_at(b"", 1, 1), "");
    }
}
