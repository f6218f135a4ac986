//! Pass 1, the outline: pulldown-cmark's events become a flat list of top-level [`Block`]s, each with its source
//! range. Every kind of event is matched by name (no catch-all arm), so a construct that a newer pulldown-cmark or a
//! newer document introduces cannot slip through unseen: it becomes a block that the grammar pass reports.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag};
use std::ops::Range;

/// One top-level block of a page.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Block {
    pub kind: BlockKind,
    /// Where the block is, in bytes of the page.
    pub range: Range<usize>,
    /// Where a table nested inside this block (a blockquote, a list) starts: such a table is never read.
    pub nested_table: Option<usize>,
}

/// What a top-level block is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum BlockKind {
    /// `# text {#id .class key=value}`.
    Heading {
        level: u8,
        text: String,
        id: Option<String>,
        extra_attributes: Vec<String>,
    },
    Paragraph,
    BlockQuote,
    Table,
    /// A fenced (```` ``` ````) or indented code block, and its text.
    CodeBlock {
        fenced: bool,
        text: String,
    },
    List,
    Html,
    Rule,
    /// A construct the document never uses (footnotes, definition lists, metadata, math): named for the diagnostic.
    Unexpected(&'static str),
}

impl BlockKind {
    /// How diagnostics name the block.
    pub fn describe(&self) -> &'static str {
        match self {
            BlockKind::Heading { .. } => "heading",
            BlockKind::Paragraph => "text",
            BlockKind::BlockQuote => "blockquote",
            BlockKind::Table => "table",
            BlockKind::CodeBlock { fenced: true, .. } => "fenced code block",
            BlockKind::CodeBlock { fenced: false, .. } => "indented code block",
            BlockKind::List => "list",
            BlockKind::Html => "HTML block",
            BlockKind::Rule => "horizontal rule",
            BlockKind::Unexpected(what) => what,
        }
    }
}

/// The options the vendor's pages need: GitHub tables and `{#anchor}` heading attributes.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The top-level blocks of `text`, in order.
pub(crate) fn outline(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut events = Parser::new_ext(text, options()).into_offset_iter();
    while let Some((event, range)) = events.next() {
        let mut nested_table = None;
        let kind = match event {
            Event::Start(tag) => {
                let kind = block_kind(&tag);
                // Only headings and code blocks need their text: the others are read from their source range.
                let wants_text = matches!(kind, BlockKind::Heading { .. } | BlockKind::CodeBlock { .. });
                let (inner, nested) = read_to_end(&mut events, wants_text);
                nested_table = nested;
                match kind {
                    BlockKind::Heading { level, id: None, extra_attributes, .. } => {
                        let (text, id) = escaped_anchor(inner.trim());
                        BlockKind::Heading { level, text: text.to_owned(), id, extra_attributes }
                    }
                    BlockKind::Heading { level, id, extra_attributes, .. } => {
                        BlockKind::Heading { level, text: inner.trim().to_owned(), id, extra_attributes }
                    }
                    BlockKind::CodeBlock { fenced, .. } => BlockKind::CodeBlock { fenced, text: inner },
                    other => other,
                }
            }
            Event::Rule => BlockKind::Rule,
            Event::Html(_) => BlockKind::Html,
            Event::End(_) => BlockKind::Unexpected("unbalanced end of a block"),
            Event::Text(_) | Event::Code(_) | Event::SoftBreak | Event::HardBreak | Event::InlineHtml(_) => {
                BlockKind::Unexpected("loose text")
            }
            Event::InlineMath(_) | Event::DisplayMath(_) => BlockKind::Unexpected("math"),
            Event::FootnoteReference(_) => BlockKind::Unexpected("footnote reference"),
            Event::TaskListMarker(_) => BlockKind::Unexpected("task list marker"),
        };
        blocks.push(Block { kind, range, nested_table });
    }
    blocks
}

fn block_kind(tag: &Tag<'_>) -> BlockKind {
    match tag {
        Tag::Heading { level, id, classes, attrs } => {
            let mut extra_attributes: Vec<String> = classes.iter().map(|c| format!(".{c}")).collect();
            extra_attributes.extend(attrs.iter().map(|(key, value)| match value {
                Some(value) => format!("{key}={value}"),
                None => key.to_string(),
            }));
            BlockKind::Heading {
                level: heading_level(*level),
                text: String::new(),
                id: id.as_ref().map(|id| id.to_string()),
                extra_attributes,
            }
        }
        Tag::Paragraph => BlockKind::Paragraph,
        Tag::BlockQuote(_) => BlockKind::BlockQuote,
        Tag::Table(_) => BlockKind::Table,
        Tag::CodeBlock(kind) => {
            BlockKind::CodeBlock { fenced: matches!(kind, CodeBlockKind::Fenced(_)), text: String::new() }
        }
        Tag::List(_) => BlockKind::List,
        Tag::HtmlBlock => BlockKind::Html,
        Tag::FootnoteDefinition(_) => BlockKind::Unexpected("footnote definition"),
        Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
            BlockKind::Unexpected("definition list")
        }
        Tag::MetadataBlock(_) => BlockKind::Unexpected("metadata block"),
        // Only reachable inside the blocks above, whose events `read_to_end` consumes.
        Tag::Item
        | Tag::TableHead
        | Tag::TableRow
        | Tag::TableCell
        | Tag::Emphasis
        | Tag::Strong
        | Tag::Strikethrough
        | Tag::Superscript
        | Tag::Subscript
        | Tag::Link { .. }
        | Tag::Image { .. } => BlockKind::Unexpected("inline markup outside a block"),
    }
}

/// A trailing `{#anchor}` that pulldown-cmark leaves in the heading's text because it holds a backslash escape (the
/// GitBook export writes `{#post\_\_token\_id}`); the text has its escapes resolved, so the anchor is
/// `post__token_id`, as CommonMark means it. Returns the title and the anchor.
fn escaped_anchor(text: &str) -> (&str, Option<String>) {
    let anchor = text.strip_suffix('}').and_then(|rest| rest.rsplit_once("{#"));
    match anchor {
        Some((title, anchor))
            if !anchor.is_empty() && !anchor.contains(|c: char| c.is_whitespace() || "{}".contains(c)) =>
        {
            (title.trim_end(), Some(anchor.to_owned()))
        }
        _ => (text, None),
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Consumes the events of the block just started, up to its end, and returns its plain text if `wants_text`, and
/// where the first table nested in it starts.
fn read_to_end<'e>(
    events: &mut impl Iterator<Item = (Event<'e>, Range<usize>)>,
    wants_text: bool,
) -> (String, Option<usize>) {
    let mut depth = 1usize;
    let mut text = String::new();
    let mut nested_table = None;
    for (event, range) in events.by_ref() {
        match event {
            Event::Start(Tag::Table(_)) => {
                depth += 1;
                nested_table = nested_table.or(Some(range.start));
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            // Inline HTML in a title is text to show (escaped when it reaches rustdoc), not markup to drop.
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) if wants_text => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if wants_text => text.push('\n'),
            Event::Text(_) | Event::Code(_) | Event::InlineHtml(_) | Event::SoftBreak | Event::HardBreak => {}
            Event::Html(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::FootnoteReference(_)
            | Event::Rule
            | Event::TaskListMarker(_) => {}
        }
    }
    (text, nested_table)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<BlockKind> {
        outline(text).into_iter().map(|b| b.kind).collect()
    }

    #[test]
    fn headings_keep_their_anchor_apart_from_their_text() {
        let blocks = kinds("# 1 用户操作{#user}\n\n## 1.1\t设置{#put__user_authmode .x k=v}\n");
        assert_eq!(
            blocks,
            [
                BlockKind::Heading {
                    level: 1,
                    text: "1 用户操作".into(),
                    id: Some("user".into()),
                    extra_attributes: vec![]
                },
                BlockKind::Heading {
                    level: 2,
                    text: "1.1\t设置".into(),
                    id: Some("put__user_authmode".into()),
                    extra_attributes: vec![".x".into(), "k=v".into()]
                },
            ]
        );
    }

    #[test]
    fn an_anchor_with_escapes_is_read_as_commonmark_means_it() {
        let blocks = kinds("## 2.1 取token{#post\\_\\_token\\_id}\n");
        let BlockKind::Heading { text, id, .. } = &blocks[0] else { panic!("{blocks:?}") };
        assert_eq!((text.as_str(), id.as_deref()), ("2.1 取token", Some("post__token_id")));
    }

    #[test]
    fn html_in_a_title_is_kept_as_text() {
        let blocks = kinds("# 1 <img src=x onerror=alert(1)> [x]{#a}\n");
        let BlockKind::Heading { text, .. } = &blocks[0] else { panic!("{blocks:?}") };
        assert_eq!(text, "1 <img src=x onerror=alert(1)> [x]");
    }

    #[test]
    fn every_top_level_construct_is_a_block() {
        let text = "> a\n\n| x |\n| - |\n| 1 |\n\ntext\n\n    indented\n\n```\nfenced\n```\n\n- item\n\n<div>\n\n---\n";
        let described: Vec<&str> = outline(text).iter().map(|b| b.kind.describe()).collect();
        assert_eq!(
            described,
            [
                "blockquote",
                "table",
                "text",
                "indented code block",
                "fenced code block",
                "list",
                "HTML block",
                "horizontal rule"
            ]
        );
    }
}
