//! The generated status types against the seed documents they were written from, and their
//! forward compatibility: unknown codes round-trip unchanged, in both clients.

use vkyc_generated::status::{Family, Outcome, Phase, Status, SubStatus};

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
        assert!(
            parsed
                .description(Family::Vrs)
                .is_some_and(|d| !d.is_empty())
        );
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
            sub.recommended_action(Family::Ppi).is_some(),
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
fn the_revisited_judgements_hold() {
    // Seeds 000 and 001 send only an approval on to the auditor; a rejection is final.
    assert!(SubStatus::AgentRejected.is_terminal());
    assert_eq!(SubStatus::AgentRejected.outcome(), Some(Outcome::Rejected));
    assert!(!SubStatus::AgentApproved.is_terminal());
    // "Retry with another agent or initiate a new session": no verdict, a new session.
    assert!(SubStatus::AgentUnableToValidate.is_terminal());
    assert_eq!(
        SubStatus::AgentUnableToValidate.outcome(),
        Some(Outcome::Failed)
    );
    // A merchant-side refusal is not a KYC rejection.
    assert_eq!(
        SubStatus::InsufficientBalance.outcome(),
        Some(Outcome::RequestRejected)
    );
    assert!(!SubStatus::TechnicalFailure.is_terminal());
    assert!(SubStatus::TechnicalError.is_terminal());
    // A status is terminal when every sub-status under it is.
    for (status, terminal) in [
        (Status::Rejected, true),
        (Status::Received, false),
        (Status::Expired, true),
        (Status::PreVideoCall, false),
        (Status::VideoCall, false),
        (Status::Failed, true),
        (Status::AgentReviewed, false),
        (Status::AuditorReviewed, true),
        (Status::Unknown("ON_HOLD".into()), false),
    ] {
        assert_eq!(status.is_terminal(), terminal, "{status}");
    }
}

#[test]
fn each_family_reads_its_own_sources_first_and_every_text_stays_reachable() {
    let sub = SubStatus::TechnicalFailure;
    assert_eq!(
        sub.description(vkyc_generated::vrs::v2024_12_01::FAMILY),
        Some("A technical issue occurred. Retry after some time.")
    );
    assert_eq!(
        sub.description(vkyc_generated::ppi::v2025_11_01::FAMILY),
        Some("A technical issue occurred during verification.")
    );
    assert_eq!(
        sub.recommended_action(Family::Vrs),
        Some("Retry after some time.")
    );
    let sources: Vec<&str> = sub.descriptions().iter().map(|c| c.source.id).collect();
    assert_eq!(sources, ["seed-000", "seed-001", "ref-vrs-descriptions"]);
    assert!(
        sub.descriptions()
            .iter()
            .all(|c| !c.source.title.is_empty() && c.source.url.starts_with("https://"))
    );
    // No VRS source gives an action for USER_QUEUED: the PPI one is the fallback.
    assert_eq!(
        SubStatus::UserQueued.recommended_action(Family::Vrs),
        Some("Display the queue position and estimated wait time")
    );
    assert_eq!(SubStatus::Unknown("X".into()).descriptions(), &[]);
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

/// `docs/status-codes.md` as an engineer reads it rendered: terminal and outcome right after the
/// code (not off-screen after the long quotes), boxes of the diagram named by the `status` values
/// the API returns with the family of one-family paths, sources by title, not file name.
#[test]
fn the_status_reference_reads_well_rendered() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/status-codes.md"))
        .unwrap();
    let tables: Vec<&str> = doc
        .lines()
        .filter(|l| l.starts_with("| sub_status |"))
        .collect();
    assert_eq!(tables.len(), Phase::ALL.len(), "one table per phase");
    for header in tables {
        assert!(
            header.starts_with("| sub_status | terminal | outcome |"),
            "{header}"
        );
    }
    for status in Status::KNOWN.iter().filter(|s| s.phase().is_some()) {
        assert!(
            doc.contains(&format!("[\"status: {status}")),
            "no diagram box for status {status}"
        );
    }
    assert!(doc.contains("status: EXPIRED (PPI only)"), "{doc}");
    assert!(doc.contains("status: REJECTED (VRS only)"), "{doc}");
    assert!(doc.contains(
        "Only `TECHNICAL_ERROR` (status `FAILED`) ends a verification; `TECHNICAL_FAILURE` (status `PRE_VIDEO_CALL`) does not."
    ));
    assert!(
        !doc.contains(".txt)") && !doc.contains("*(000_"),
        "hashed file names as labels"
    );
    assert!(doc.contains("*(PPI Video KYC status and status-code reference)*"));
}
