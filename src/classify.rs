//! Classification: which område (IT/MT), kategori, kostnadsslag, VO and
//! decision year a ledger line belongs to. Explicit columns in the file win;
//! otherwise ordered rules decide, each attribute by the first rule that
//! matches and gives it. Lines nothing matches are "Ej klassificerat".

use serde::{Deserialize, Serialize};

/// The label used for lines no rule matched. Never dropped, always reported.
pub const UNCLASSIFIED: &str = "Ej klassificerat";
/// The kostnadsslag of investment (fixed-asset) lines.
pub const INVESTMENT: &str = "Investering";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RuleField {
    Konto,
    Projekt,
    Ansvar,
    Verksamhet,
    Text,
}

impl RuleField {
    pub fn label(self) -> &'static str {
        match self {
            RuleField::Konto => "Konto",
            RuleField::Projekt => "Projekt",
            RuleField::Ansvar => "Ansvar",
            RuleField::Verksamhet => "Verksamhet",
            RuleField::Text => "Text",
        }
    }
    pub fn parse(s: &str) -> Option<RuleField> {
        match s.trim().to_lowercase().as_str() {
            "konto" | "account" => Some(RuleField::Konto),
            "projekt" | "project" => Some(RuleField::Projekt),
            "ansvar" | "kostnadsställe" | "cost centre" => Some(RuleField::Ansvar),
            "verksamhet" | "activity" => Some(RuleField::Verksamhet),
            "text" | "beskrivning" => Some(RuleField::Text),
            _ => None,
        }
    }
}

/// One rule. `pattern` is a glob (`IT-NAT-*`, `?` one character,
/// case-insensitive) or, for digit strings, a range `1200-1299` (compared on
/// the leading digits, so sub-accounts like 12215 fall in 1200-1299).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Rule {
    #[serde(default)]
    pub id: Option<i64>,
    pub field: RuleField,
    pub pattern: String,
    #[serde(default)]
    pub area: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub cost_type: Option<String>,
    #[serde(default)]
    pub vo: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

impl Rule {
    pub fn new(field: RuleField, pattern: &str) -> Rule {
        Rule {
            id: None,
            field,
            pattern: pattern.to_string(),
            area: None,
            category: None,
            cost_type: None,
            vo: None,
            note: None,
        }
    }
    fn with(mut self, area: &str, category: &str) -> Rule {
        self.area = Some(area.into());
        self.category = Some(category.into());
        self.cost_type = Some(INVESTMENT.into());
        self
    }
    fn cost(mut self, cost_type: &str) -> Rule {
        self.cost_type = Some(cost_type.into());
        self
    }

    pub fn matches(&self, value: &str) -> bool {
        let v = value.trim();
        if v.is_empty() {
            return false;
        }
        if let Some((lo, hi)) = digit_range(&self.pattern) {
            let digits: String = v.chars().take_while(|c| c.is_ascii_digit()).collect();
            if digits.is_empty() {
                return false;
            }
            let n = lo.len().max(hi.len());
            let head = &digits[..digits.len().min(n)];
            let (Ok(x), Ok(a), Ok(b)) = (head.parse::<u64>(), lo.parse::<u64>(), hi.parse::<u64>()) else {
                return false;
            };
            return head.len() == n && a <= x && x <= b;
        }
        glob(&self.pattern.trim().to_lowercase(), &v.to_lowercase())
    }

    /// Check a rule before it is saved: a field, a usable pattern, a result.
    pub fn validate(&self) -> Result<(), String> {
        if self.pattern.trim().is_empty() {
            return Err("mönstret är tomt".into());
        }
        if self.area.is_none() && self.category.is_none() && self.cost_type.is_none() && self.vo.is_none() {
            return Err(format!("regeln '{}' sätter varken område, kategori, kostnadsslag eller VO", self.pattern));
        }
        if let Some(a) = &self.area {
            if !a.trim().is_empty() && a != "IT" && a != "MT" {
                return Err(format!("område måste vara IT eller MT, inte '{a}'"));
            }
        }
        Ok(())
    }
}

fn digit_range(p: &str) -> Option<(&str, &str)> {
    let (a, b) = p.trim().split_once('-')?;
    let (a, b) = (a.trim(), b.trim());
    let all = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    (all(a) && all(b)).then_some((a, b))
}

fn glob(p: &str, s: &str) -> bool {
    let p: Vec<char> = p.chars().collect();
    let s: Vec<char> = s.chars().collect();
    // iterative glob with backtracking on the last '*'
    let (mut i, mut j) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while j < s.len() {
        if i < p.len() && (p[i] == '?' || p[i] == s[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some(i);
            mark = j;
            i += 1;
        } else if let Some(st) = star {
            i = st + 1;
            mark += 1;
            j = mark;
        } else {
            return false;
        }
    }
    while i < p.len() && p[i] == '*' {
        i += 1;
    }
    i == p.len()
}

/// What is known of a line before rules run: its coded fields and any
/// explicit classification columns from the file.
#[derive(Debug, Clone, Default)]
pub struct LineKeys<'a> {
    pub konto: &'a str,
    pub projekt: &'a str,
    pub ansvar: &'a str,
    pub verksamhet: &'a str,
    pub text: &'a str,
    pub area: Option<&'a str>,
    pub category: Option<&'a str>,
    pub decision_year: Option<i32>,
    pub cost_type: Option<&'a str>,
    pub vo: Option<&'a str>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Classification {
    pub area: Option<String>,
    pub category: Option<String>,
    pub cost_type: Option<String>,
    pub vo: Option<String>,
    pub decision_year: Option<i32>,
    /// The first rule (by id) that decided anything, for drill-down.
    pub rule_id: Option<i64>,
}

impl Classification {
    /// Placed somewhere in the reports: an investment needs an område, any
    /// other line a kostnadsslag.
    pub fn is_classified(&self) -> bool {
        self.area.is_some() || self.cost_type.as_deref().is_some_and(|c| c != INVESTMENT)
    }
}

/// "IT", "it", "Informationsteknik" → IT; "MT", "Medicinsk teknik" → MT.
pub fn normalize_area(s: &str) -> Option<String> {
    let n = s.trim().to_lowercase();
    if n == "it" || n.starts_with("informationstek") || n == "it-investeringar" {
        Some("IT".into())
    } else if n == "mt" || n.starts_with("medicinsk tek") || n.starts_with("medicinteknik") || n == "mt-investeringar" {
        Some("MT".into())
    } else {
        None
    }
}

/// A decision year written into a project code: `IT-NAT-2018-03` → 2018.
pub fn year_in_code(code: &str) -> Option<i32> {
    code.split(|c: char| !c.is_ascii_digit())
        .filter(|p| p.len() == 4)
        .filter_map(|p| p.parse::<i32>().ok())
        .find(|y| (1990..=2100).contains(y))
}

pub fn classify(rules: &[Rule], k: &LineKeys<'_>) -> Classification {
    let nonempty = |s: Option<&str>| s.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let mut c = Classification {
        area: nonempty(k.area).map(|a| a.to_uppercase()),
        category: nonempty(k.category),
        cost_type: nonempty(k.cost_type),
        vo: nonempty(k.vo),
        decision_year: k.decision_year.or_else(|| year_in_code(k.projekt)),
        rule_id: None,
    };
    if c.area.is_some() && c.cost_type.is_none() {
        c.cost_type = Some(INVESTMENT.into());
    }
    for r in rules {
        if c.area.is_some() && c.category.is_some() && c.cost_type.is_some() && c.vo.is_some() {
            break;
        }
        let value = match r.field {
            RuleField::Konto => k.konto,
            RuleField::Projekt => k.projekt,
            RuleField::Ansvar => k.ansvar,
            RuleField::Verksamhet => k.verksamhet,
            RuleField::Text => k.text,
        };
        if !r.matches(value) {
            continue;
        }
        let mut used = false;
        // område and kategori travel together: a rule cannot give a kategori
        // to a line whose område came from elsewhere with another meaning.
        if c.area.is_none() && r.area.is_some() {
            c.area = r.area.clone();
            if c.category.is_none() {
                c.category = r.category.clone();
            }
            used = true;
        }
        if c.category.is_none() && r.category.is_some() && (r.area.is_none() || r.area == c.area) {
            c.category = r.category.clone();
            used = true;
        }
        if c.cost_type.is_none() && r.cost_type.is_some() {
            c.cost_type = r.cost_type.clone();
            used = true;
        }
        if c.vo.is_none() && r.vo.is_some() {
            c.vo = r.vo.clone();
            used = true;
        }
        if used && c.rule_id.is_none() {
            c.rule_id = r.id;
        }
    }
    c
}

/// Classification with a memo: a ledger repeats the same few thousand
/// konto/projekt/ansvar combinations over a million lines, so each
/// combination runs through the rules once.
pub struct Classifier<'r> {
    rules: &'r [Rule],
    uses_text: bool,
    memo: std::collections::HashMap<String, usize>,
    /// The distinct classifications seen, so callers can aggregate by index.
    distinct: Vec<Classification>,
    index: std::collections::HashMap<Classification, usize>,
}

impl<'r> Classifier<'r> {
    pub fn new(rules: &'r [Rule]) -> Self {
        let uses_text = rules.iter().any(|r| r.field == RuleField::Text);
        Classifier {
            rules,
            uses_text,
            memo: std::collections::HashMap::new(),
            distinct: Vec::new(),
            index: std::collections::HashMap::new(),
        }
    }

    /// The classification with this index (from `classify`).
    pub fn get(&self, id: usize) -> &Classification {
        &self.distinct[id]
    }

    /// Classify a line; the index names its classification among the distinct ones.
    pub fn classify(&mut self, k: &LineKeys<'_>) -> (usize, &Classification) {
        if self.memo.len() > 200_000 {
            self.memo.clear();
        }
        let mut key = String::with_capacity(64);
        for part in [k.konto, k.projekt, k.ansvar, k.verksamhet] {
            key.push_str(part);
            key.push('\u{1f}');
        }
        for part in [k.area, k.category, k.cost_type, k.vo] {
            key.push_str(part.unwrap_or("\u{0}"));
            key.push('\u{1f}');
        }
        if let Some(y) = k.decision_year {
            key.push_str(&y.to_string());
        }
        if self.uses_text {
            key.push('\u{1f}');
            key.push_str(k.text);
        }
        if let Some(&id) = self.memo.get(&key) {
            return (id, &self.distinct[id]);
        }
        let c = classify(self.rules, k);
        let id = match self.index.get(&c) {
            Some(&id) => id,
            None => {
                self.distinct.push(c.clone());
                self.index.insert(c, self.distinct.len() - 1);
                self.distinct.len() - 1
            }
        };
        self.memo.insert(key, id);
        (id, &self.distinct[id])
    }
}

/// The rule set a new database starts with: investment projects by their
/// code (`IT-NAT-2018-03`), fixed-asset accounts as investments.
pub fn default_rules() -> Vec<Rule> {
    use RuleField::*;
    let p = |pat: &str, area: &str, cat: &str| Rule::new(Projekt, pat).with(area, cat);
    vec![
        p("IT-NAT-*", "IT", "Nät"),
        p("IT-SRV-*", "IT", "Server"),
        p("IT-VID-*", "IT", "Video"),
        p("IT-SKR-*", "IT", "Skrivare"),
        p("IT-KLI-*", "IT", "Klient"),
        p("IT-OFO-*", "IT", "Oförutsedda"),
        p("IT-OFÖ-*", "IT", "Oförutsedda"),
        p("MT-RTG-*", "MT", "Röntgen"),
        p("MT-ULJ-*", "MT", "Ultraljud"),
        p("MT-END-*", "MT", "Endoskopi"),
        p("MT-VEN-*", "MT", "Ventilatorer"),
        p("MT-AUT-*", "MT", "Autoklaver"),
        p("MT-OVR-*", "MT", "MT-övrigt"),
        p("MT-ÖVR-*", "MT", "MT-övrigt"),
        Rule::new(Konto, "1000-1299").cost(INVESTMENT),
    ]
    .into_iter()
    .chain(default_operating_rules())
    .collect()
}

/// Konto ranges to kostnadsslag (a Region-Bas-like default the controller
/// edits: which accounts are wages, social fees, pensions, depreciation or
/// consultants differs between regions) and ansvar ranges to VO. Specific
/// ranges come before the catch-all ones.
pub fn default_operating_rules() -> Vec<Rule> {
    use RuleField::*;
    let k = |pat: &str, ct: &str| Rule::new(Konto, pat).cost(ct);
    let vo = |pat: &str, vo: &str| {
        let mut r = Rule::new(Ansvar, pat);
        r.vo = Some(vo.into());
        r
    };
    vec![
        k("3000-3099", "Intern ersättning"),
        k("3100-3999", "Övriga intäkter"),
        k("4000-4099", "Lön"),
        k("4100-4199", "Extra tid"),
        k("4200-4499", "Lön"),
        k("4500-4699", "Sociala avgifter"),
        k("4700-4799", "Pension"),
        k("4800-4999", "Övriga personalkostnader"),
        k("6000-6099", "IT-utrustning"),
        k("6100-6199", "Övrig utrustning"),
        k("6400-6499", "Serviceavtal"),
        k("6550-6559", "Konsulter"),
        k("7800-7899", "Avskrivningar"),
        k("5000-7999", "Övriga kostnader"),
        vo("51000-51999", "VO Drift"),
        vo("52000-52999", "VO Förvaltningsstyrning"),
        vo("53000-53999", "Sterilteknik"),
    ]
}

/// The budget groups of the operating result, in report order.
pub const GROUPS: [&str; 4] = ["Intäkter", STAFF_GROUP, "Avskrivningar", "Övriga kostnader"];
/// The budget group of staff costs: all of it counts in the staffing breakdown.
pub const STAFF_GROUP: &str = "Personalkostnader";
/// The columns of the staffing breakdown.
pub const STAFF_COLUMNS: [&str; 5] = ["Lön", "Extra tid", "Sociala avgifter", "Pension", "Konsulter"];

/// A kostnadsslag and where it belongs: its budget group, whether it is
/// revenue (variance = outcome − budget) and its staffing column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostType {
    pub name: String,
    pub group: String,
    pub revenue: bool,
    pub staff: Option<String>,
}

impl CostType {
    /// Whether lines of this kostnadsslag are staff costs (or consultants) in
    /// the staffing breakdown.
    pub fn is_staffing(&self) -> bool {
        self.staff.is_some() || self.group == STAFF_GROUP
    }
    /// Its column in the staffing breakdown: the staffing column, else its group.
    pub fn staff_column(&self) -> &str {
        self.staff.as_deref().unwrap_or(&self.group)
    }
}

pub fn default_cost_types() -> Vec<CostType> {
    let c = |name: &str, group: &str, revenue: bool, staff: Option<&str>| CostType {
        name: name.into(),
        group: group.into(),
        revenue,
        staff: staff.map(str::to_string),
    };
    vec![
        c("Intäkter", "Intäkter", true, None),
        c("Intern ersättning", "Intäkter", true, None),
        c("Övriga intäkter", "Intäkter", true, None),
        c("Personalkostnader", "Personalkostnader", false, None),
        c("Lön", "Personalkostnader", false, Some("Lön")),
        c("Extra tid", "Personalkostnader", false, Some("Extra tid")),
        c("Sociala avgifter", "Personalkostnader", false, Some("Sociala avgifter")),
        c("Pension", "Personalkostnader", false, Some("Pension")),
        c("Övriga personalkostnader", "Personalkostnader", false, None),
        c("Avskrivningar", "Avskrivningar", false, None),
        c("IT-utrustning", "Övriga kostnader", false, None),
        c("Övrig utrustning", "Övriga kostnader", false, None),
        c("Serviceavtal", "Övriga kostnader", false, None),
        c("Konsulter", "Övriga kostnader", false, Some("Konsulter")),
        c("Övriga kostnader", "Övriga kostnader", false, None),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_code_classifies_and_gives_year() {
        let k = LineKeys { projekt: "IT-NAT-2018-03", konto: "1222", ..Default::default() };
        let c = classify(&default_rules(), &k);
        assert_eq!(c.area.as_deref(), Some("IT"));
        assert_eq!(c.category.as_deref(), Some("Nät"));
        assert_eq!(c.cost_type.as_deref(), Some(INVESTMENT));
        assert_eq!(c.decision_year, Some(2018));
    }

    #[test]
    fn explicit_columns_win() {
        let k = LineKeys {
            projekt: "IT-NAT-2018-03",
            area: Some("mt"),
            category: Some("Röntgen"),
            decision_year: Some(2016),
            ..Default::default()
        };
        let c = classify(&default_rules(), &k);
        assert_eq!(c.area.as_deref(), Some("MT"));
        assert_eq!(c.category.as_deref(), Some("Röntgen"));
        assert_eq!(c.decision_year, Some(2016));
    }

    #[test]
    fn unmatched_is_unclassified() {
        let k = LineKeys { konto: "8110", projekt: "XYZ", ..Default::default() };
        assert!(!classify(&default_rules(), &k).is_classified());
    }

    #[test]
    fn ranges_and_globs() {
        let r = Rule::new(RuleField::Konto, "1200-1299");
        assert!(r.matches("1221"));
        assert!(r.matches("12215"));
        assert!(!r.matches("1300"));
        assert!(!r.matches("12"));
        let g = Rule::new(RuleField::Projekt, "it-nat-*");
        assert!(g.matches("IT-NAT-2017-01"));
        assert!(!g.matches("IT-SRV-2017-01"));
        assert!(Rule::new(RuleField::Ansvar, "512??").matches("51200"));
    }

    #[test]
    fn year_from_code() {
        assert_eq!(year_in_code("MT-RTG-2016-11"), Some(2016));
        assert_eq!(year_in_code("P12345"), None);
    }
}
