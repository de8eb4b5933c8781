//! The bundle reader against hostile and damaged input. Every zip is built here, on the fly.

use std::io::{Cursor, Write};
use std::path::Path;

use scepter::bundle::{
    Bundle, BundleError, BundleKind, BundleProblem, Limits, ProblemKind, open, open_zip_bytes,
};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const MIB: usize = 1024 * 1024;

type Writer = ZipWriter<Cursor<Vec<u8>>>;

fn stored() -> SimpleFileOptions {
    SimpleFileOptions::default().compression_method(CompressionMethod::Stored)
}

fn deflated() -> SimpleFileOptions {
    SimpleFileOptions::default().compression_method(CompressionMethod::Deflated)
}

/// A zip built by `fill`.
fn build(fill: impl FnOnce(&mut Writer)) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    fill(&mut writer);
    writer.finish().unwrap().into_inner()
}

/// A zip of stored files.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    build(|w| {
        for (name, bytes) in entries {
            w.start_file(*name, stored()).unwrap();
            w.write_all(bytes).unwrap();
        }
    })
}

fn read_with(bytes: &[u8], limits: &Limits) -> Bundle {
    open_zip_bytes("test.zip", bytes, limits).unwrap()
}

fn read(bytes: &[u8]) -> Bundle {
    read_with(bytes, &Limits::default())
}

fn paths(bundle: &Bundle) -> Vec<&str> {
    bundle.files.iter().map(|f| f.path.as_str()).collect()
}

fn problem(raw: &str, kind: ProblemKind) -> BundleProblem {
    BundleProblem {
        path: Some(raw.to_owned()),
        kind,
    }
}

/// Bytes that deflate does not shrink, so the ratio limit stays out of the way.
fn noise(len: usize) -> Vec<u8> {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[0]
        })
        .collect()
}

/// Offset of the first occurrence of `needle` in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .position(|w| w == needle)
        .unwrap()
}

#[test]
fn a_zip_bomb_is_refused_by_its_ratio() {
    let zeros = vec![0u8; 50 * MIB];
    let bytes = build(|w| {
        w.start_file("bomb.bin", deflated()).unwrap();
        w.write_all(&zeros).unwrap();
        w.start_file("ok.txt", deflated()).unwrap();
        w.write_all(b"fine").unwrap();
    });
    assert!(bytes.len() < MIB / 10, "the bomb should be tiny");
    let bundle = read(&bytes);
    assert_eq!(paths(&bundle), ["ok.txt"]);
    assert_eq!(
        bundle.problems,
        [problem(
            "bomb.bin",
            ProblemKind::CompressionRatio { limit: 200 }
        )]
    );
}

#[test]
fn a_small_highly_compressible_file_is_kept() {
    // Far past 200:1, but under the 1 MiB floor below which the ratio is not applied.
    let zeros = vec![0u8; MIB / 2];
    let bytes = build(|w| {
        w.start_file("zeros.bin", deflated()).unwrap();
        w.write_all(&zeros).unwrap();
    });
    let bundle = read(&bytes);
    assert_eq!(paths(&bundle), ["zeros.bin"]);
    assert_eq!(bundle.files[0].bytes.len(), MIB / 2);
    assert!(bundle.problems.is_empty());
}

#[test]
fn an_entry_past_the_entry_limit_is_refused() {
    let limits = Limits {
        max_entry_bytes: 64 * 1024,
        ..Limits::default()
    };
    let big = noise(100 * 1024);
    let bytes = build(|w| {
        w.start_file("big.bin", deflated()).unwrap();
        w.write_all(&big).unwrap();
        w.start_file("small.txt", deflated()).unwrap();
        w.write_all(&big[..10 * 1024]).unwrap();
    });
    let bundle = read_with(&bytes, &limits);
    assert_eq!(paths(&bundle), ["small.txt"]);
    assert_eq!(
        bundle.problems,
        [problem(
            "big.bin",
            ProblemKind::EntryTooLarge { limit: 64 * 1024 }
        )]
    );
}

#[test]
fn entries_past_the_total_limit_are_refused() {
    let limits = Limits {
        max_total_bytes: 150 * 1024,
        ..Limits::default()
    };
    let chunk = noise(60 * 1024);
    let bytes = zip_of(&[
        ("a.bin", &chunk),
        ("b.bin", &chunk),
        ("c.bin", &chunk),
        ("d.txt", b"still fits"),
    ]);
    let bundle = read_with(&bytes, &limits);
    assert_eq!(paths(&bundle), ["a.bin", "b.bin", "d.txt"]);
    assert_eq!(
        bundle.problems,
        [problem(
            "c.bin",
            ProblemKind::TotalTooLarge { limit: 150 * 1024 }
        )]
    );
}

#[test]
fn names_that_escape_the_root_are_refused() {
    let hostile = [
        "../evil.txt",
        "logs/../../evil.txt",
        "/etc/x",
        "\\\\server\\x",
        "C:\\x",
        "C:/x",
    ];
    let mut entries: Vec<(&str, &[u8])> = hostile.iter().map(|n| (*n, &b"evil"[..])).collect();
    entries.push(("good.txt", b"good"));
    let bundle = read(&zip_of(&entries));
    assert_eq!(paths(&bundle), ["good.txt"]);
    let expected: Vec<_> = hostile
        .iter()
        .map(|n| problem(n, ProblemKind::PathEscapes))
        .collect();
    assert_eq!(bundle.problems, expected);
}

#[test]
fn entries_nested_too_deep_are_refused() {
    let deep = format!("{}file.txt", "d/".repeat(33));
    let ok = format!("{}file.txt", "d/".repeat(32));
    let bundle = read(&zip_of(&[(&deep, b"x"), (&ok, b"y"), ("top.txt", b"z")]));
    assert_eq!(paths(&bundle), [ok.as_str(), "top.txt"]);
    assert_eq!(
        bundle.problems,
        [problem(&deep, ProblemKind::TooDeep { limit: 32 })]
    );
}

#[test]
fn only_the_first_ten_thousand_entries_are_read() {
    let bytes = build(|w| {
        for i in 0..20_000 {
            w.start_file(format!("f{i:05}.txt"), stored()).unwrap();
        }
    });
    let bundle = read(&bytes);
    assert_eq!(bundle.files.len(), 10_000);
    assert_eq!(bundle.files[9_999].path, "f09999.txt");
    assert_eq!(
        bundle.problems,
        [BundleProblem {
            path: None,
            kind: ProblemKind::TooManyEntries {
                limit: 10_000,
                total: 20_000
            }
        }]
    );
}

#[test]
fn folder_entries_are_skipped_silently_and_not_counted() {
    let limits = Limits {
        max_entries: 2,
        ..Limits::default()
    };
    let bytes = build(|w| {
        w.add_directory("a/", stored()).unwrap();
        w.add_directory("b/", stored()).unwrap();
        w.start_file("a/x.txt", stored()).unwrap();
        w.start_file("b/y.txt", stored()).unwrap();
    });
    let bundle = read_with(&bytes, &limits);
    assert_eq!(paths(&bundle), ["a/x.txt", "b/y.txt"]);
    assert!(bundle.problems.is_empty());
}

#[test]
fn a_folder_entry_without_a_trailing_slash_is_a_folder() {
    // Some Windows tools mark folders with the directory attribute only.
    let folder = stored().external_attributes((0o040_755 << 16) | 0x10);
    let bytes = build(|w| {
        w.start_file("Bundle", folder).unwrap();
        w.start_file("Bundle/a.txt", stored()).unwrap();
    });
    let bundle = read(&bytes);
    assert_eq!(paths(&bundle), ["a.txt"]);
    assert!(bundle.problems.is_empty());
}

#[test]
fn a_symlink_entry_is_not_followed() {
    let bytes = build(|w| {
        w.add_symlink("passwd", "/etc/passwd", stored()).unwrap();
        w.start_file("a.txt", stored()).unwrap();
    });
    let bundle = read(&bytes);
    assert_eq!(paths(&bundle), ["a.txt"]);
    assert_eq!(bundle.problems, [problem("passwd", ProblemKind::Symlink)]);
}

#[test]
fn a_single_top_level_folder_is_stripped() {
    let bytes = build(|w| {
        w.add_directory("Bundle/", stored()).unwrap();
        w.start_file("Bundle/a.txt", stored()).unwrap();
        w.start_file("Bundle\\Logs\\b.log", stored()).unwrap();
        w.add_symlink("Bundle/link", "../../x", stored()).unwrap();
    });
    let bundle = read(&bytes);
    assert_eq!(paths(&bundle), ["Logs/b.log", "a.txt"]);
    // Problems keep the name as stored.
    assert_eq!(
        bundle.problems,
        [problem("Bundle/link", ProblemKind::Symlink)]
    );
}

#[test]
fn nothing_is_stripped_with_two_top_level_entries() {
    let beside_a_file = zip_of(&[("Bundle/a.txt", b""), ("readme.txt", b"")]);
    assert_eq!(paths(&read(&beside_a_file)), ["Bundle/a.txt", "readme.txt"]);
    let two_folders = zip_of(&[("A/x.txt", b""), ("B/y.txt", b"")]);
    assert_eq!(paths(&read(&two_folders)), ["A/x.txt", "B/y.txt"]);
}

#[test]
fn entries_with_the_same_path_keep_the_first() {
    let bundle = read(&zip_of(&[
        ("logs\\x.txt", b"first"),
        ("logs/x.txt", b"second"),
    ]));
    assert_eq!(paths(&bundle), ["x.txt"]);
    assert_eq!(&*bundle.files[0].bytes, b"first");
    assert_eq!(
        bundle.problems,
        [problem("logs/x.txt", ProblemKind::DuplicatePath)]
    );
}

#[test]
fn a_corrupt_entry_does_not_stop_the_others() {
    let bad_crc = b"this stored entry gets one byte flipped";
    let bad_stream = noise(4096);
    let mut bytes = build(|w| {
        w.start_file("a.txt", stored()).unwrap();
        w.write_all(b"first").unwrap();
        w.start_file("bad-crc.txt", stored()).unwrap();
        w.write_all(bad_crc).unwrap();
        w.start_file("bad-stream.bin", deflated()).unwrap();
        w.write_all(&bad_stream).unwrap();
        w.start_file("z.txt", stored()).unwrap();
        w.write_all(b"last").unwrap();
    });
    let at = find(&bytes, bad_crc);
    bytes[at + 5] ^= 0x20;
    // Overwrite the start of the deflate stream with an invalid block type. It follows the
    // local header (30 bytes), the name and the extra field, whose length is at offset 28.
    let name = find(&bytes, b"bad-stream.bin");
    let extra = usize::from(u16::from_le_bytes([bytes[name - 2], bytes[name - 1]]));
    let data = name + "bad-stream.bin".len() + extra;
    bytes[data] = 0xff;
    bytes[data + 1] = 0xff;
    let bundle = read(&bytes);
    assert_eq!(paths(&bundle), ["a.txt", "z.txt"]);
    let raws: Vec<_> = bundle.problems.iter().map(|p| p.path.as_deref()).collect();
    assert_eq!(raws, [Some("bad-crc.txt"), Some("bad-stream.bin")]);
    assert!(
        bundle
            .problems
            .iter()
            .all(|p| matches!(p.kind, ProblemKind::Unreadable { .. })),
        "{:?}",
        bundle.problems
    );
}

#[test]
fn an_encrypted_entry_is_refused() {
    let mut bytes = zip_of(&[("plain.txt", b"plain"), ("secret.txt", b"secret")]);
    // Set bit 0 of the general purpose flags in both headers of `secret.txt`: at offset 6 of
    // the local header, and at offset 8 of the central one.
    let mut patched = 0;
    let mut at = 0;
    while let Some(found) = bytes[at..]
        .windows(4)
        .position(|w| w[0] == b'P' && w[1] == b'K')
    {
        let start = at + found;
        let (flags, name_len, name) = match &bytes[start..start + 4] {
            b"PK\x03\x04" => (6, 26, 30),
            b"PK\x01\x02" => (8, 28, 46),
            _ => {
                at = start + 2;
                continue;
            }
        };
        let len = u16::from_le_bytes([bytes[start + name_len], bytes[start + name_len + 1]]);
        if &bytes[start + name..start + name + usize::from(len)] == b"secret.txt" {
            bytes[start + flags] |= 1;
            patched += 1;
        }
        at = start + 4;
    }
    assert_eq!(patched, 2);
    let bundle = read(&bytes);
    assert_eq!(paths(&bundle), ["plain.txt"]);
    assert_eq!(
        bundle.problems,
        [problem("secret.txt", ProblemKind::Encrypted)]
    );
}

#[test]
fn garbage_and_truncated_zips_are_not_zips() {
    let whole = zip_of(&[("a.txt", b"some content"), ("b.txt", b"more")]);
    let truncated = &whole[..whole.len() - 30];
    let cut_directory = &whole[..find(&whole, b"PK\x01\x02") + 10];
    for (what, bytes) in [
        ("empty", &b""[..]),
        ("garbage", b"this is not a zip at all, just text"),
        ("truncated", truncated),
        ("cut in the central directory", cut_directory),
    ] {
        let got = open_zip_bytes("bad.zip", bytes, &Limits::default());
        assert!(
            matches!(got, Err(BundleError::NotAZip { .. })),
            "{what}: {got:?}"
        );
    }
}

#[test]
fn a_damaged_central_directory_is_not_a_zip() {
    let mut bytes = zip_of(&[("a.txt", b"a"), ("b.txt", b"b")]);
    // Break the second central directory header's signature: the survey must refuse the zip
    // rather than read half of it.
    let first = find(&bytes, b"PK\x01\x02");
    let second = first + 4 + find(&bytes[first + 4..], b"PK\x01\x02");
    bytes[second + 2] = 0;
    let got = open_zip_bytes("bad.zip", &bytes, &Limits::default());
    assert!(matches!(got, Err(BundleError::NotAZip { .. })), "{got:?}");
}

#[test]
fn entry_times_are_read_as_utc() {
    let time = zip::DateTime::from_date_and_time(2024, 3, 5, 13, 7, 42).unwrap();
    let bytes = build(|w| {
        w.start_file("a.txt", stored().last_modified_time(time))
            .unwrap();
    });
    let bundle = read(&bytes);
    let modified = bundle.files[0].modified.map(|t| t.to_rfc3339());
    assert_eq!(modified.as_deref(), Some("2024-03-05T13:07:42+00:00"));
}

#[test]
fn a_zip_on_disk_is_read_through_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("bundle.zip");
    std::fs::write(&path, zip_of(&[("NDES/b.txt", b"b"), ("NDES/a.txt", b"a")])).unwrap();
    let bundle = open(&path, &Limits::default()).unwrap();
    assert_eq!(bundle.kind, BundleKind::Zip);
    assert_eq!(paths(&bundle), ["a.txt", "b.txt"]);
    std::fs::write(&path, b"not a zip").unwrap();
    let got = open(&path, &Limits::default());
    assert!(matches!(got, Err(BundleError::NotAZip { .. })));
}

#[test]
fn a_folder_is_read_under_the_same_limits() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for name in ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"] {
        std::fs::write(dir.join(name), name).unwrap();
    }
    std::fs::create_dir(dir.join("Logs")).unwrap();
    std::fs::write(dir.join("Logs/big.log"), noise(2048)).unwrap();
    let limits = Limits {
        max_entries: 4,
        max_entry_bytes: 1024,
        ..Limits::default()
    };
    let bundle = open(dir, &limits).unwrap();
    assert_eq!(bundle.kind, BundleKind::Folder);
    // Name order: `Logs` sorts before the lower-case files.
    assert_eq!(paths(&bundle), ["a.txt", "b.txt", "c.txt"]);
    assert_eq!(
        bundle.problems,
        [
            problem("Logs/big.log", ProblemKind::EntryTooLarge { limit: 1024 }),
            BundleProblem {
                path: None,
                kind: ProblemKind::TooManyEntries { limit: 4, total: 6 }
            }
        ]
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_in_a_folder_is_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("a.txt"), "a").unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), dir.join("file-link")).unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.join("dir-link")).unwrap();
    let bundle = open(dir, &Limits::default()).unwrap();
    assert_eq!(paths(&bundle), ["a.txt"]);
    assert_eq!(
        bundle.problems,
        [
            problem("dir-link", ProblemKind::Symlink),
            problem("file-link", ProblemKind::Symlink)
        ]
    );
}

#[test]
fn mutated_zips_never_panic() {
    let base = build(|w| {
        w.add_directory("Bundle/", stored()).unwrap();
        w.start_file("Bundle/a.txt", deflated()).unwrap();
        w.write_all(&[b'a'; 300]).unwrap();
        w.start_file("Bundle/b.txt", stored()).unwrap();
        w.write_all(b"bbbb").unwrap();
    });
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3_000 {
        let mut bytes = base.clone();
        for _ in 0..1 + next() % 4 {
            let at = usize::try_from(next()).unwrap() % bytes.len();
            bytes[at] = next().to_le_bytes()[0];
        }
        let _ = open_zip_bytes("mutant.zip", &bytes, &Limits::default());
    }
}

/// The committed fuzz seeds, with what each must produce.
fn fuzz_seeds() -> Vec<(&'static str, Vec<u8>)> {
    let time = zip::DateTime::from_date_and_time(2024, 1, 2, 3, 4, 6).unwrap();
    let opts = deflated().last_modified_time(time);
    let normal = build(|w| {
        w.start_file("systeminfo.txt", opts).unwrap();
        w.write_all(b"Host Name: NDES01\r\nOS Name: Microsoft Windows Server 2022\r\n")
            .unwrap();
        w.start_file("certutil.txt", opts).unwrap();
        w.write_all(b"CertUtil: -dump command completed successfully.\r\n")
            .unwrap();
    });
    let dotdot = build(|w| {
        w.start_file("../evil.txt", opts).unwrap();
        w.write_all(b"evil").unwrap();
        w.start_file("C:\\Windows\\evil.txt", opts).unwrap();
        w.write_all(b"evil").unwrap();
        w.start_file("ok.txt", opts).unwrap();
        w.write_all(b"ok").unwrap();
    });
    let nested = build(|w| {
        w.add_directory("NDES-Bundle/", opts).unwrap();
        w.add_directory("NDES-Bundle/Logs/", opts).unwrap();
        w.start_file("NDES-Bundle/Logs/NDESPlugin.log", opts)
            .unwrap();
        w.write_all(b"2024-01-02 03:04:05 Info started\r\n")
            .unwrap();
        w.start_file("NDES-Bundle\\Registry\\mscep.reg", opts)
            .unwrap();
        w.write_all(b"Windows Registry Editor Version 5.00\r\n")
            .unwrap();
        w.add_symlink("NDES-Bundle/link", "/etc/passwd", opts)
            .unwrap();
    });
    let truncated = normal[..normal.len() / 2].to_vec();
    let empty = build(|_| {});
    vec![
        ("normal.zip", normal),
        ("dotdot.zip", dotdot),
        ("nested.zip", nested),
        ("truncated.zip", truncated),
        ("empty.zip", empty),
    ]
}

fn corpus_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/bundle_zip")
}

#[test]
#[ignore = "regenerates the committed fuzz seeds"]
fn regenerate_fuzz_seeds() {
    std::fs::create_dir_all(corpus_dir()).unwrap();
    for (name, bytes) in fuzz_seeds() {
        std::fs::write(corpus_dir().join(name), bytes).unwrap();
    }
}

#[test]
fn the_committed_fuzz_seeds_still_mean_what_they_say() {
    let seed = |name: &str| {
        let bytes = std::fs::read(corpus_dir().join(name)).unwrap();
        open_zip_bytes(name, &bytes, &Limits::default())
    };
    let normal = seed("normal.zip").unwrap();
    assert_eq!(paths(&normal), ["certutil.txt", "systeminfo.txt"]);
    let dotdot = seed("dotdot.zip").unwrap();
    assert_eq!(paths(&dotdot), ["ok.txt"]);
    assert_eq!(dotdot.problems.len(), 2);
    let nested = seed("nested.zip").unwrap();
    assert_eq!(
        paths(&nested),
        ["Logs/NDESPlugin.log", "Registry/mscep.reg"]
    );
    assert_eq!(
        nested.problems,
        [problem("NDES-Bundle/link", ProblemKind::Symlink)]
    );
    assert!(matches!(
        seed("truncated.zip"),
        Err(BundleError::NotAZip { .. })
    ));
    assert!(seed("empty.zip").unwrap().files.is_empty());
}
