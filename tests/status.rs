//! The generated status types against the seed documents they were written from, and their
//! forward compatibility: unknown codes round-trip unchanged, in both clients.

use vkyc_generated::status::{Outcome, Phase, Status, SubStatus};

/// A seed document, copied into `tests/fixtures/seeds/` (see its README for the origin).
fn seed(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/seeds")
        .join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read seed {}: {e}", path.display()))
}

/// Seed 001's `STATUS | SUB_STATUS | explanation |` rows.
fn seed_001_pairs() -> Vec<(String, String)> {
    seed("001_f05a05f1eaada3d0.txt")
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let is_code =
                |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_uppercase() || c == '_');
            (cells.len() >= 3 && is_code(cells[0]) && is_code(cells[1]))
                .then(|| (cells[0].to_owned(), cells[1].to_owned()))
        })
        .collect()
}

/// Seed 000's table rows: each starts with an UPPER_SNAKE code glued to its description (which may
/// itself start with capitals, as in `USER_IP_VERIFICATION_SUCCESSFULIP address…`), so a row is
/// matched by the longest known code it starts with; a row starting with no known code is reported.
fn seed_000_rows() -> Vec<Result<SubStatus, String>> {
    seed("000_b94d66103828ccea.txt")
        .lines()
        .filter(|line| {
            let head: String = line
                .chars()
                .take_while(|c| c.is_ascii_uppercase() || *c == '_')
                .collect();
            head.contains('_') && !line.starts_with("Status code")
        })
        .map(|line| {
            SubStatus::KNOWN
                .iter()
                .filter(|k| line.starts_with(k.as_str()))
                .max_by_key(|k| k.as_str().len())
                .cloned()
                .ok_or_else(|| line.to_owned())
        })
        .collect()
}

#[test]
fn every_seed_001_pair_parses_with_its_parent() {
    let pairs = seed_001_pairs();
    assert_eq!(pairs.len(), 33, "seed 001 has 33 status / sub-status rows");
    for (status, sub) in pairs {
        let parsed = SubStatus::parse(&sub);
        assert!(parsed.is_known(), "{sub} is not a known SubStatus");
        assert_eq!(parsed.as_str(), sub);
        assert_eq!(
            parsed.status(),
            Some(Status::parse(&status)),
            "parent of {sub}"
        );
        assert!(
            Status::parse(&status).is_known(),
            "{status} is not a known Status"
        );
        assert!(parsed.description().is_some_and(|d| !d.is_empty()));
        assert!(parsed.phase().is_some());
    }
}

#[test]
fn every_seed_000_code_parses() {
    let rows = seed_000_rows();
    assert_eq!(rows.len(), 32, "seed 000 lists 32 codes");
    for row in rows {
        let sub =
            row.unwrap_or_else(|line| panic!("seed 000 row starts with no known code: {line}"));
        assert!(
            sub.recommended_action().is_some(),
            "seed 000 gives an action for {sub}"
        );
        assert!(
            sub.families().contains(&"ppi"),
            "seed 000 is the PPI table, so {sub} is documented for ppi"
        );
    }
}

#[test]
fn statuses_and_sub_statuses_are_complete() {
    for code in [
        "REJECTED",
        "RECEIVED",
        "PRE_VIDEO_CALL",
        "VIDEO_CALL",
        "FAILED",
        "AGENT_REVIEWED",
        "AUDITOR_REVIEWED",
    ] {
        assert!(Status::parse(code).is_known(), "{code}");
    }
    assert!(SubStatus::KNOWN.len() >= 33);
    for sub in SubStatus::KNOWN {
        assert_eq!(SubStatus::parse(sub.as_str()), *sub);
        assert!(sub.status().is_some() && sub.phase().is_some() && sub.outcome().is_some());
    }
    assert!(Phase::ALL.iter().all(|p| !p.title().is_empty()));
}

#[test]
fn final_decisions_are_terminal() {
    assert!(SubStatus::AuditorApproved.is_terminal());
    assert_eq!(
        SubStatus::AuditorApproved.outcome(),
        Some(Outcome::Approved)
    );
    assert!(SubStatus::AuditorRejected.is_terminal());
    assert!(!SubStatus::LinkGenerated.is_terminal());
    assert_eq!(SubStatus::LinkGenerated.status(), Some(Status::Received));
}

#[test]
fn unknown_codes_round_trip_unchanged() {
    let code = "VIDEO_CALL_ON_MARS";
    let sub = SubStatus::parse(code);
    assert_eq!(sub, SubStatus::Unknown(code.to_owned()));
    assert_eq!(sub.to_string(), code);
    assert!(!sub.is_terminal());
    assert_eq!(sub.status(), None);
    let json = serde_json::to_string(&sub).unwrap();
    assert_eq!(json, format!("\"{code}\""));
    assert_eq!(serde_json::from_str::<SubStatus>(&json).unwrap(), sub);
    let status: Status = serde_json::from_str("\"ON_HOLD\"").unwrap();
    assert_eq!(status.as_str(), "ON_HOLD");
}

#[test]
fn unknown_sub_status_deserializes_in_both_clients() {
    let vrs: vkyc_generated::vrs::v2024_12_01::types::GetVkycLinkResponseSchema =
        serde_json::from_str(
            r#"{"status":"NEW_STATUS","sub_status":"NEW_SUB_STATUS","reference_id":1}"#,
        )
        .unwrap();
    assert_eq!(
        vrs.sub_status.as_ref().map(SubStatus::as_str),
        Some("NEW_SUB_STATUS")
    );
    assert_eq!(vrs.status.as_ref().map(Status::as_str), Some("NEW_STATUS"));
    let ppi: vkyc_generated::ppi::v2025_11_01::types::GetVkycStatusResponse =
        serde_json::from_str(r#"{"status":"RECEIVED","sub_status":"NEW_SUB_STATUS"}"#).unwrap();
    assert_eq!(
        ppi.sub_status,
        Some(SubStatus::Unknown("NEW_SUB_STATUS".into()))
    );
    assert_eq!(ppi.status, Some(Status::Received));
    let back = serde_json::to_value(&ppi).unwrap();
    assert_eq!(back["sub_status"], "NEW_SUB_STATUS");
}

#[test]
fn undocumented_initiated_is_known_but_flagged() {
    let s = Status::parse("INITIATED");
    assert!(s.is_known());
    assert_eq!(
        s.phase(),
        None,
        "INITIATED is documented in no status table, so it has no phase"
    );
}
