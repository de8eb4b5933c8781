//! Replays every committed fuzz corpus on stable, so CI never needs nightly.

use std::path::Path;

#[test]
fn every_corpus_input_is_handled_without_panicking() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut replayed = 0;
    for target in scepter::FUZZ_TARGETS {
        let dir = root.join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            panic!(
                "fuzz target {target} has no corpus folder {}",
                dir.display()
            );
        };
        for entry in entries.flatten() {
            let bytes = std::fs::read(entry.path()).expect("corpus file is readable");
            scepter::fuzz_one(target, &bytes);
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no corpus input was replayed");
}
