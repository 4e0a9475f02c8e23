//! Byte offsets to 1-based line and character column.

/// The start offset of every line of a text.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// 1-based line and character column of byte `pos`.
    pub fn position(&self, text: &str, pos: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= pos) - 1;
        let col = text[self.starts[line]..pos].chars().count() + 1;
        (line + 1, col)
    }

    /// The text of 1-based line `line`, without its line break.
    pub fn line<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let start = self.starts[line - 1];
        let end = self.starts.get(line).map_or(text.len(), |&e| e - 1);
        text[start..end.max(start)].trim_end_matches('\r')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let text = "Привет,\r\nÜber alles\n";
        let idx = LineIndex::new(text);
        let pos = text.find("alles").unwrap();
        assert_eq!(idx.position(text, pos), (2, 6));
        assert_eq!(idx.line(text, 1), "Привет,");
        assert_eq!(idx.position(text, 0), (1, 1));
    }
}
