//! `placeholder`: template placeholders left unfilled, and broken ones. In a template (a canned
//! reply), placeholders are the point: only broken ones and unknown variables are reported.

use super::{Context, RuleInfo};
use crate::diagnostic::Diagnostic;
use crate::pack::RuleSpec;

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

/// The names a Liquid or Jinja tag defines for the template: `{% for item in … %}`,
/// `{% for key, value in … %}`, `{% assign x = … %}`, `{% set x = … %}`, `{% capture x %}`.
fn defined_names(tag: &str) -> Vec<&str> {
    let inner = tag[2..tag.len().saturating_sub(2).max(2)].trim_matches(['-', ' ', '\t']);
    let mut words = inner.split_whitespace();
    match words.next() {
        Some("for" | "tablerow") => words
            .take_while(|w| *w != "in")
            .flat_map(|w| w.split(','))
            .filter(|w| !w.is_empty())
            .collect(),
        Some("assign" | "set" | "capture") => words
            .next()
            .map(|w| w.split('=').next().unwrap_or(w))
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
}

/// What `{state}` says of a placeholder, in the pack's language.
pub struct Placeholder {
    unfilled: String,
    broken: String,
    unknown: String,
}

impl Placeholder {
    /// The rule's `states`, in English where it names none.
    pub fn compile(spec: &RuleSpec) -> Placeholder {
        let state = |name: &str, english: &str| {
            (spec.states.as_ref().and_then(|s| s.get(name)))
                .map_or(english, String::as_str)
                .to_string()
        };
        Placeholder {
            unfilled: state("unfilled", "unfilled"),
            broken: state("broken", "broken"),
            unknown: state("unknown", "an unknown variable"),
        }
    }

    pub fn check(&self, info: &RuleInfo, ctx: &Context, out: &mut Vec<Diagnostic>) {
        // Names the template's own tags define (a loop's variable) are known wherever used.
        let local: Vec<&str> = match ctx.template {
            Some(known) if !known.is_empty() => ctx
                .doc
                .placeholders
                .iter()
                .map(|p| ctx.doc.slice(p.span))
                .filter(|t| is_tag(t))
                .flat_map(defined_names)
                .collect(),
            _ => Vec::new(),
        };
        for p in &ctx.doc.placeholders {
            let text = ctx.doc.slice(p.span);
            let state = if p.malformed {
                &self.broken
            } else if let Some(known) = ctx.template {
                let is_variable = text.starts_with(['{', '%', '#', '$']);
                let name = variable(text);
                let root = name.split(['.', '[']).next().unwrap_or(name);
                if known.is_empty()
                    || !is_variable
                    || is_tag(text)
                    || known.iter().any(|k| k == name)
                    || local.contains(&root)
                {
                    continue;
                }
                &self.unknown
            } else {
                &self.unfilled
            };
            out.push(info.diagnostic(ctx.doc, p.span, &[("state", state)], None));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{defined_names, is_tag, variable};

    fn pack(states: &str) -> String {
        format!("pack: p\nlanguage: de\nrules:\n  - id: ph\n    category: placeholder\n    severity: error\n    kind: placeholder\n    message: \"„{{match}}“ ist {{state}}\"\n    explanation: e\n{states}    examples:\n      - fires: Hallo {{{{name}}}}.\n      - silent: Hallo Anna.\n")
    }

    /// `{state}` is said in the pack's words; a state no placeholder has is an error.
    #[test]
    fn states_are_said_in_the_pack_words() {
        let engine = crate::Engine::builder()
            .pack("p.yaml", pack("    states: {unfilled: nicht ausgefüllt}\n"))
            .build()
            .unwrap();
        let options = crate::CheckOptions {
            language: Some("de"),
            ..Default::default()
        };
        let report = engine.check("Hallo {{name}}, {{id", &options).unwrap();
        let messages: Vec<&str> = report
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            messages,
            ["„{{name}}“ ist nicht ausgefüllt", "„{{“ ist broken"]
        );
        let bad = crate::Engine::builder()
            .pack("p.yaml", pack("    states: {filled: ja}\n"))
            .build();
        let errors = bad
            .err()
            .expect("an error")
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>();
        assert!(
            errors.join("\n").contains("unknown state `filled`"),
            "{errors:?}"
        );
    }

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
    fn tags_define_names() {
        assert_eq!(defined_names("{% for item in order.items %}"), ["item"]);
        assert_eq!(defined_names("{%- for k, v in pairs -%}"), ["k", "v"]);
        assert_eq!(defined_names("{% assign total = 3 %}"), ["total"]);
        assert_eq!(defined_names("{% set x=1 %}"), ["x"]);
        assert_eq!(defined_names("{% capture note %}"), ["note"]);
        assert!(defined_names("{% if x %}").is_empty());
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
