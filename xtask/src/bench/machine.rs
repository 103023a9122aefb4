//! What the report says about the machine it ran on.

use std::fs;
use std::path::Path;
use std::process::Command;

/// The 1-minute load average, from /proc/loadavg.
pub(super) fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".into())
}

/// Cores, CPU model, memory, OS and rustc, from /proc, /etc/os-release and `rustc -V`.
pub(super) fn machine(root: &Path) -> Vec<(&'static str, String)> {
    let read = |path| fs::read_to_string(path).unwrap_or_default();
    let field = |text: &str, key: &str| {
        text.lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_once([':', '=']))
            .map(|(_, v)| v.trim().trim_matches('"').to_owned())
            .unwrap_or_else(|| "unknown".into())
    };
    let cpuinfo = read("/proc/cpuinfo");
    let cores = cpuinfo
        .lines()
        .filter(|l| l.starts_with("processor"))
        .count();
    let memory = field(&read("/proc/meminfo"), "MemTotal")
        .trim_end_matches(" kB")
        .parse::<f64>()
        .map_or("unknown".into(), |kb| {
            format!("{:.1} GiB", kb / 1024.0 / 1024.0)
        });
    let os = format!(
        "{}, Linux {}",
        field(&read("/etc/os-release"), "PRETTY_NAME"),
        read("/proc/sys/kernel/osrelease").trim()
    );
    let rustc = Command::new("rustc")
        .arg("-V")
        .current_dir(root)
        .output()
        .map_or("unknown".into(), |o| {
            String::from_utf8_lossy(&o.stdout).trim().to_owned()
        });
    vec![
        ("cores", cores.to_string()),
        ("CPU", field(&cpuinfo, "model name")),
        ("memory", memory),
        ("OS", os),
        ("rustc", rustc),
    ]
}
