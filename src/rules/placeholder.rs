//! `placeholder`: template placeholders left unfilled, and broken ones. In a template (a canned
//! reply), placeholders are the point: only broken ones and unknown variables are reported.

use super::{Context, RuleInfo};
use crate::diagnostic::Diagnostic;

/// The variable a placeholder names: `{{ ticket.requester.name | default }}` → `ticket.requester.name`.
pub fn variable(placeholder: &str) -> &str {
    let inner = placeholder.trim_start_matches(['{', '%', '#', '$', '[', '<']);
    let inner = inner.trim_end_matches(['}', '%', ']', '>']);
    inner
        .trim()
        .split(|c: char| c == ',' || c == '|' || c.is_whitespace())
        .next()
        .unwrap_or("")
}

/// Keywords that open a Liquid or Jinja tag (`{% if … %}`, `{% endfor %}`): logic, no variable.
const TAG_KEYWORDS: &[&str] = &[
    "if",
    "elsif",
    "elif",
    "else",
    "endif",
    "unless",
    "endunless",
    "for",
    "endfor",
    "case",
    "when",
    "endcase",
    "assign",
    "capture",
    "endcapture",
    "comment",
    "endcomment",
    "raw",
    "endraw",
    "include",
    "render",
    "break",
    "continue",
    "cycle",
    "tablerow",
    "endtablerow",
    "liquid",
    "echo",
    "set",
    "endset",
    "block",
    "endblock",
    "macro",
    "endmacro",
    "with",
    "endwith",
    "extends",
    "import",
    "from",
    "filter",
    "endfilter",
];

/// Whether `placeholder` is a Liquid or Jinja tag such as `{% if ticket.urgent %}`.
pub fn is_tag(placeholder: &str) -> bool {
    placeholder.starts_with("{%")
        && placeholder[2..]
            .trim_start_matches('-')
            .split_whitespace()
            .next()
            .is_some_and(|w| TAG_KEYWORDS.contains(&w))
}

pub fn check(info: &RuleInfo, ctx: &Context, out: &mut Vec<Diagnostic>) {
    for p in &ctx.doc.placeholders {
        let text = ctx.doc.slice(p.span);
        let state = if p.malformed {
            "broken"
        } else if let Some(known) = ctx.template {
            let is_variable = text.starts_with(['{', '%', '#', '$']);
            let name = variable(text);
            if known.is_empty() || !is_variable || is_tag(text) || known.iter().any(|k| k == name) {
                continue;
            }
            "an unknown variable"
        } else {
            "unfilled"
        };
        out.push(info.diagnostic(ctx.doc, p.span, &[("state", state)], None));
    }
}

#[cfg(test)]
mod tests {
    use super::{is_tag, variable};

    #[test]
    fn liquid_and_jinja_tags_are_no_variables() {
        for tag in [
            "{% if ticket.urgent %}",
            "{% endif %}",
            "{%- for x in items -%}",
            "{% else %}",
        ] {
            assert!(is_tag(tag), "{tag}");
        }
        for variable in [
            "{%customer.firstName,fallback=there%}",
            "{% name %}",
            "{{ if }}",
        ] {
            assert!(!is_tag(variable), "{variable}");
        }
    }

    #[test]
    fn variable_names() {
        assert_eq!(
            variable("{{ticket.requester.name}}"),
            "ticket.requester.name"
        );
        assert_eq!(variable("{{ name | default: 'x' }}"), "name");
        assert_eq!(
            variable("{%customer.firstName,fallback=there%}"),
            "customer.firstName"
        );
        assert_eq!(variable("%{ticket.number}"), "ticket.number");
    }
}
