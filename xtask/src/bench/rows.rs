//! One line of the results table, and how its numbers are written.

/// One line of the results table.
pub(super) struct Row {
    pub(super) figure: String,
    pub(super) measured: String,
    pub(super) baseline: String,
    pub(super) ratio: Option<f64>,
    pub(super) target: &'static str,
    pub(super) met: Option<bool>,
    /// What limits the figure, said when its target is missed.
    pub(super) limit: String,
}

impl Row {
    pub(super) fn new(
        figure: impl Into<String>,
        measured: String,
        baseline: impl Into<String>,
    ) -> Self {
        Row {
            figure: figure.into(),
            measured,
            baseline: baseline.into(),
            ratio: None,
            target: "",
            met: None,
            limit: String::new(),
        }
    }

    pub(super) fn ratio(mut self, ratio: f64) -> Self {
        self.ratio = Some(ratio);
        self
    }

    pub(super) fn target(mut self, target: &'static str, met: bool, limit: String) -> Self {
        self.target = target;
        self.met = Some(met);
        self.limit = limit;
        self
    }
}

/// Three significant digits or so, without a unit.
pub(super) fn short(value: f64) -> String {
    match value.abs() {
        v if v >= 100.0 => format!("{value:.0}"),
        v if v >= 10.0 => format!("{value:.1}"),
        _ => format!("{value:.2}"),
    }
}

pub(super) fn ms(value: f64) -> String {
    format!("{} ms", short(value))
}

pub(super) fn seconds(value: f64) -> String {
    format!("{} s", short(value))
}

pub(super) fn ns_op(value: f64) -> String {
    format!("{} ns/op", short(value))
}

pub(super) fn per_second(value: f64) -> String {
    format!("{value:.0} req/s ({} µs/request)", short(1e6 / value))
}
