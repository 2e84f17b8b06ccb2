//! The command line: `untick audit`'s exit statuses, the JSON contract, standard input,
//! web archives (.mhtml), and one-line errors (never a panic or a backtrace) for bad
//! input; `untick letter --save`; and the README's advice that goes with them.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const SHARING_PAGE: &str = r#"<!DOCTYPE html><html><body><form>
<input type="checkbox" id="share" checked><label for="share">Let my adviser see my job search activity</label>
<label><input type="checkbox" checked> Remember me</label></form></body></html>"#;

const BENIGN_PAGE: &str = r#"<!DOCTYPE html><html><body><form>
<label><input type="checkbox" checked> Remember me</label>
<label><input type="checkbox"> Let my adviser see my CV</label></form></body></html>"#;

fn untick() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_untick"));
    cmd.env("RUST_BACKTRACE", "1");
    cmd
}

fn scratch(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("untick-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write scratch file");
    path
}

fn run(args: &[&str]) -> Output {
    untick().args(args).output().expect("run untick")
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = untick()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn untick");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

/// Status 2, and exactly one line on stderr that names the problem, with no panic.
fn assert_one_line_error(out: &Output, mentions: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "stderr: {stderr}");
    assert!(stderr.starts_with("untick: "), "{stderr}");
    assert!(
        stderr.contains(mentions),
        "{stderr:?} should mention {mentions:?}"
    );
    for bad in ["panicked", "backtrace", "RUST_BACKTRACE", "src/"] {
        assert!(!stderr.contains(bad), "{stderr}");
    }
    assert!(out.stdout.is_empty());
}

#[test]
fn findings_exit_1_and_none_exit_0() {
    let sharing = scratch("sharing.html", SHARING_PAGE.as_bytes());
    let benign = scratch("benign.html", BENIGN_PAGE.as_bytes());
    let out = run(&["audit", sharing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Let my adviser see my job search activity"),
        "{text}"
    );
    assert!(text.contains("withdraw-provider"), "{text}");
    assert!(text.contains("Why it matters"), "{text}");
    let out = run(&["audit", benign.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("No data-sharing"));
}

#[test]
fn a_hidden_setting_is_quoted_as_code_not_as_words_the_page_says() {
    let page = scratch(
        "hidden.html",
        br#"<form><input type="hidden" name="ctl00$Main$hfShareWithProvider" value="true"></form>"#,
    );
    let out = run(&["audit", page.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("In the page's hidden code: \"ctl00$Main$hfShareWithProvider=true\""),
        "{text}"
    );
    assert!(!text.contains("The page says"), "{text}");
}

#[test]
fn a_letter_is_followed_by_where_to_send_it_and_what_next_outside_the_letter() {
    let out = run(&["letter", "withdraw-site", "--name", "Sam Jones"]);
    assert_eq!(out.status.code(), Some(0));
    let letter = String::from_utf8_lossy(&out.stdout);
    let beside = String::from_utf8_lossy(&out.stderr);
    assert!(
        beside.contains("Send it to the company that runs the site. Keep a copy"),
        "{beside}"
    );
    assert!(!letter.contains("Keep a copy"), "{letter}");
}

#[test]
fn json_follows_the_contract() {
    let sharing = scratch("contract.html", SHARING_PAGE.as_bytes());
    let out = run(&[
        "audit",
        "--json",
        "--url",
        "https://www.myworksearch.co.uk/account",
        sharing.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["url"], "https://www.myworksearch.co.uk/account");
    assert_eq!(v["site"]["host"], "www.myworksearch.co.uk");
    assert_eq!(v["site"]["known"], "MyWorkSearch");
    let findings = v["findings"].as_array().expect("findings array");
    assert_eq!(findings.len(), 1);
    let f = &findings[0];
    assert_eq!(f["category"], "adviser_access");
    assert_eq!(f["recipients"], serde_json::json!(["provider"]));
    assert_eq!(f["control"], "checkbox");
    assert_eq!(f["label"], "Let my adviser see my job search activity");
    assert_eq!(f["selector"], "#share");
    assert_eq!(f["default_on"], true);
    assert_eq!(f["locked"], false);
    assert_eq!(f["inverted"], false);
    assert_eq!(f["severity"], "high");
    assert_eq!(f["letter"], "withdraw-provider");
    assert_eq!(f["on_now"], true);
    assert_eq!(f["reticked"], false);
    assert_eq!(f["switch_off"]["selector"], "#share");
    assert_eq!(f["switch_off"]["action"], "uncheck");
    assert!(f["headline"].as_str().is_some_and(|h| !h.is_empty()));
    assert!(f["why"].as_str().is_some_and(|w| !w.is_empty()));

    let benign = scratch("contract-benign.html", BENIGN_PAGE.as_bytes());
    let out = run(&["audit", "--json", benign.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["findings"], serde_json::json!([]));
    assert_eq!(v["site"]["known"], Value::Null);
    assert_eq!(v["site"]["host"], "");
}

#[test]
fn a_dash_reads_standard_input() {
    let out = run_stdin(&["audit", "--json", "-"], SHARING_PAGE.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["findings"].as_array().map(Vec::len), Some(1));
    let out = run_stdin(&["audit", "-"], BENIGN_PAGE.as_bytes());
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_missing_file_is_a_one_line_error() {
    let out = run(&["audit", "/nonexistent/untick/page.html"]);
    assert_one_line_error(&out, "no such file");
}

#[test]
fn a_directory_is_a_one_line_error() {
    let dir = std::env::temp_dir();
    let out = run(&["audit", dir.to_str().unwrap()]);
    assert_one_line_error(&out, "directory");
}

#[test]
fn binary_data_is_a_one_line_error() {
    let mut bytes = b"\x7fELF\x02\x01\x01\0".to_vec();
    bytes.extend((0..4096u32).map(|i| (i * 7 % 256) as u8));
    let binary = scratch("binary.bin", &bytes);
    let out = run(&["audit", binary.to_str().unwrap()]);
    assert_one_line_error(&out, "binary");
    let out = run_stdin(&["audit", "-"], &bytes);
    assert_one_line_error(&out, "binary");
    // Not UTF-8 and not windows-1252 text either: a PNG image, a zip.
    for (name, bytes) in [
        ("image.png", &b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0"[..]),
        ("archive.zip", &b"PK\x03\x04\x14\0\0\0\x08\0"[..]),
        ("noise.bin", &[0xFF; 2048][..]),
    ] {
        let path = scratch(name, bytes);
        assert_one_line_error(&run(&["audit", path.to_str().unwrap()]), "binary");
    }
}

#[test]
fn an_empty_file_is_a_one_line_error() {
    let empty = scratch("empty.html", b"");
    let out = run(&["audit", empty.to_str().unwrap()]);
    assert_one_line_error(&out, "empty");
}

/// An opt-out box left empty, in windows-1252: the apostrophe (0x92) is what makes
/// "Don't" a negation, so read as UTF-8 the box looks harmless and the page all-clear.
const OPT_OUT_LABEL_1252: &[u8] =
    b"Don\x92t let my adviser see my job search activity or the jobs I apply for (over \xA320,000)";
const OPT_OUT_LABEL: &str =
    "Don\u{2019}t let my adviser see my job search activity or the jobs I apply for (over \u{a3}20,000)";

fn windows_1252_page(head: &str) -> Vec<u8> {
    let mut bytes = format!(
        "<!DOCTYPE html><html><head>{head}<title>Register</title></head><body><form>\n\
         <label><input type=\"checkbox\" id=\"opt-out\"> "
    )
    .into_bytes();
    bytes.extend(OPT_OUT_LABEL_1252);
    bytes.extend(b"</label>\n<label><input type=\"checkbox\" checked> Remember me</label>\n</form></body></html>\n");
    bytes
}

/// The opt-out box is the one finding, quoted with its own characters.
fn assert_opt_out_found(out: &Output) {
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("   The page says: \"{OPT_OUT_LABEL}\"\n")),
        "{text}"
    );
    assert!(text.contains("Where: #opt-out"), "{text}");
    assert!(!text.contains('\u{FFFD}'), "{text}");
}

#[test]
fn a_windows_1252_page_is_read_in_windows_1252() {
    for (name, head) in [
        ("declared-1252.html", r#"<meta charset="windows-1252">"#),
        (
            "declared-latin1.html",
            r#"<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=ISO-8859-1">"#,
        ),
        // No declaration: not UTF-8, so windows-1252, as browsers read English pages.
        ("undeclared-1252.html", ""),
    ] {
        let page = scratch(name, &windows_1252_page(head));
        assert_opt_out_found(&run(&["audit", page.to_str().unwrap()]));
        let out = run(&["audit", "--json", page.to_str().unwrap()]);
        let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
        assert_eq!(v["findings"][0]["label"], OPT_OUT_LABEL, "{name}");
    }
    let out = run_stdin(&["audit", "-"], &windows_1252_page(""));
    assert_opt_out_found(&out);
}

#[test]
fn a_utf_16_page_is_audited_not_refused() {
    let page = windows_1252_page(r#"<meta charset="utf-16">"#);
    let text: String = page
        .iter()
        .map(|&b| match b {
            0x92 => '\u{2019}',
            b => char::from(b),
        })
        .collect();
    let le: Vec<u8> = b"\xFF\xFE"
        .iter()
        .copied()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = b"\xFE\xFF"
        .iter()
        .copied()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    for (name, bytes) in [("utf-16le.html", le), ("utf-16be.html", be)] {
        let path = scratch(name, &bytes);
        assert_opt_out_found(&run(&["audit", path.to_str().unwrap()]));
        assert_opt_out_found(&run_stdin(&["audit", "-"], &bytes));
    }
    // A byte order mark and nothing else is an empty file.
    let empty = scratch("empty-utf-16.html", b"\xFF\xFE");
    assert_one_line_error(&run(&["audit", empty.to_str().unwrap()]), "empty");
}

#[test]
fn hostile_pages_still_give_a_report() {
    let deep = "<div>".repeat(100_000) + "<input type=checkbox checked> Let my adviser see my CV";
    let page = scratch("deep.html", deep.as_bytes());
    let out = run(&["audit", "--json", page.to_str().unwrap()]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
    serde_json::from_slice::<Value>(&out.stdout).expect("valid JSON");
    assert!(out.stderr.is_empty());
}

/// Chrome's and Edge's "Webpage, Single File": the page is quoted-printable inside a MIME
/// message, and the address it was saved from is in the file.
const MHTML: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/cli/myworksearch-register.mhtml"
);

#[test]
fn a_web_archive_is_decoded_and_gives_the_address() {
    let out = run(&["audit", "--json", MHTML]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["url"], "https://www.myworksearch.co.uk/register");
    assert_eq!(v["site"]["known"], "MyWorkSearch");
    let findings = v["findings"].as_array().expect("findings array");
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["selector"], "#share-activity");
    assert_eq!(
        findings[0]["label"],
        "Allow my employment support provider to view my job search activity"
    );

    let out = run(&["audit", MHTML]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("MyWorkSearch (www.myworksearch.co.uk)"));

    // --url, when given, is the address.
    let out = run(&[
        "audit",
        "--json",
        "--url",
        "https://www.example.org/x",
        MHTML,
    ]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["url"], "https://www.example.org/x");

    // The same from standard input.
    let bytes = std::fs::read(MHTML).expect("fixture");
    let out = run_stdin(&["audit", "--json", "-"], &bytes);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_web_archive_with_no_page_is_an_error_not_an_all_clear() {
    let css_only = "From: <Saved by Blink>\r\nMIME-Version: 1.0\r\n\
        Content-Type: multipart/related; type=\"text/html\"; boundary=\"----B----\"\r\n\r\n\
        ------B----\r\nContent-Type: text/css\r\n\r\np { color: red }\r\n------B------\r\n";
    let path = scratch("no-page.mhtml", css_only.as_bytes());
    let out = run(&["audit", path.to_str().unwrap()]);
    assert_one_line_error(&out, "Web Page, complete");
}

/// An all-clear says what it rests on: only what is in the file, and how to save a page
/// that scripts build, in the same words as the README's advice to advisers.
#[test]
fn nothing_found_says_what_was_checked_and_how_to_save() {
    let benign = scratch("all-clear.html", BENIGN_PAGE.as_bytes());
    let out = run(&["audit", benign.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    for words in [
        "checked only what is in this file",
        "build their forms with scripts",
        "\"Web Page, HTML only\"",
        "save the page again as \"Web Page, complete\"",
        "\"Webpage, Complete\"",
    ] {
        assert!(text.contains(words), "{text:?} should say {words:?}");
    }
    for words in [
        "checks only what is in the saved file",
        "build their forms with scripts",
        "save the page again as \"Web Page, complete\"",
        "\"Webpage, Complete\"",
    ] {
        assert!(readme.contains(words), "README.md should say {words:?}");
    }
    assert!(
        !readme.contains("\"Web Page, HTML only\"):"),
        "the old advice"
    );
}

#[test]
fn audit_help_gives_the_exit_statuses_and_no_empty_default() {
    let out = run(&["audit", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("Exit status:"), "{help}");
    for line in [
        "0  nothing found",
        "1  one or more settings share data",
        "2  error",
    ] {
        assert!(help.contains(line), "{help:?} should say {line:?}");
    }
    assert!(!help.contains("[default: \"\"]"), "{help}");
    // The statuses the help promises are the ones given.
    let sharing = scratch("help-sharing.html", SHARING_PAGE.as_bytes());
    let benign = scratch("help-benign.html", BENIGN_PAGE.as_bytes());
    assert_eq!(
        run(&["audit", benign.to_str().unwrap()]).status.code(),
        Some(0)
    );
    assert_eq!(
        run(&["audit", sharing.to_str().unwrap()]).status.code(),
        Some(1)
    );
    assert_eq!(
        run(&["audit", "--no-such-option", "x"]).status.code(),
        Some(2)
    );
}

#[test]
fn empty_standard_input_says_standard_input() {
    let out = run_stdin(&["audit", "-"], b"");
    assert_one_line_error(&out, "standard input is empty");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("file"), "{stderr}");
    assert!(!stderr.contains("-:"), "{stderr}");
    let out = run_stdin(&["audit", "-"], b" \r\n\t\n");
    assert_one_line_error(&out, "standard input is empty");
}

#[test]
fn saving_a_letter_to_a_folder_says_what_to_do() {
    let dir = std::env::temp_dir().join(format!("untick-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let shown = dir.to_str().unwrap();
    let out = run(&["letter", "subject-access", "--save", shown]);
    assert_one_line_error(&out, shown);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is a folder; give a file name"), "{stderr}");
    assert!(stderr.contains(&format!("--save {}", dir.join("letter.txt").display())));
    assert!(!stderr.contains("os error"), "{stderr}");

    let missing = dir.join("no-such-folder").join("letter.txt");
    let out = run(&[
        "letter",
        "subject-access",
        "--save",
        missing.to_str().unwrap(),
    ]);
    assert_one_line_error(&out, "the folder it would go in does not exist");

    let file = dir.join("letter.txt");
    let out = run(&["letter", "subject-access", "--save", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(std::fs::read_to_string(&file).is_ok_and(|t| !t.is_empty()));
}

/// The README starts with installing, for claimants, before anything for developers
/// (issue 21): where to get Untick, what to do where it cannot be installed (a library
/// computer, Chrome on Android, an iPhone), and what works on a phone; its link to the
/// advice on saving a page leads somewhere.
#[test]
fn readme_says_where_the_extension_cannot_go() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let start = readme.find("\n## Install\n").expect("the section");
    let developers = readme
        .find("\n## Build and test")
        .expect("the developers' section");
    assert!(
        start < developers,
        "Install should come before Build and test"
    );
    let install = &readme[start + 1..];
    let install = &install[..install.find("\n## ").expect("a section after it")];
    for words in [
        "Releases",
        "library, college or work computer",
        "not be allowed to install extensions",
        "save the page",
        "`untick audit`",
        "Firefox for Android",
        "Chrome on Android, and iPhones",
    ] {
        assert!(install.contains(words), "{install}\nshould say {words:?}");
    }
    assert!(install.contains("(#saving-a-page-to-check)"));
    assert!(readme.contains("\n### Saving a page to check\n"));
}

/// A provider's portal saved as "Webpage, Single File", whose registration form is a
/// frame from MyWorkSearch with a pre-ticked sharing box: Blink saves the frame as a page
/// of its own, which the page's `<iframe src="cid:...">` points to.
const FRAMED_MHTML: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/cli/provider-portal-frame.mhtml"
);

const FRAME_URL: &str = "https://www.myworksearch.co.uk/embed/register?partner=provider-example";

#[test]
fn a_setting_in_a_frame_of_a_web_archive_is_found_and_said_to_be_in_the_frame() {
    let out = run(&["audit", FRAMED_MHTML]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(out.stderr.is_empty(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with(
            "1 setting on portal.provider.example or in the frames saved with it shares your data"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "   The page says: \"Let Example Employment, my employment support provider, \
             see my job search activity and CV\"\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "   Where: #partner-access\n   In a frame from {FRAME_URL}\n\n"
        )),
        "{text}"
    );
    assert!(!text.contains("In the page itself"), "{text}");

    // The same from standard input.
    let bytes = std::fs::read(FRAMED_MHTML).expect("fixture");
    let out = run_stdin(&["audit", "-"], &bytes);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("In a frame from"));
}

#[test]
fn json_gives_each_frame_its_own_report_beside_the_page() {
    let out = run(&["audit", "--json", FRAMED_MHTML]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    // The page's report, as the contract has it: nothing in the page itself.
    assert_eq!(
        v["url"],
        "https://portal.provider.example/jobseekers/get-started"
    );
    assert_eq!(v["site"]["host"], "portal.provider.example");
    assert_eq!(v["site"]["known"], Value::Null);
    assert_eq!(v["findings"], serde_json::json!([]));
    // Each frame's beside it, at the frame's own address.
    let frames = v["frames"].as_array().expect("frames array");
    assert_eq!(frames.len(), 1, "{frames:?}");
    let frame = &frames[0];
    // (serde_json gives an object's keys in sorted order.)
    let keys: Vec<&str> = frame
        .as_object()
        .expect("a report")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["findings", "site", "url"], "a report, no more");
    assert_eq!(frame["url"], FRAME_URL);
    assert_eq!(frame["site"]["host"], "www.myworksearch.co.uk");
    assert_eq!(frame["site"]["known"], "MyWorkSearch");
    let findings = frame["findings"].as_array().expect("findings array");
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["selector"], "#partner-access");
    assert_eq!(findings[0]["category"], "adviser_access");
    assert_eq!(findings[0]["switch_off"]["action"], "uncheck");

    // --url names the page; a frame keeps its own address.
    let out = run(&[
        "audit",
        "--json",
        "--url",
        "https://www.example.org/x",
        FRAMED_MHTML,
    ]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["url"], "https://www.example.org/x");
    assert_eq!(v["frames"][0]["url"], FRAME_URL);

    // A page with no frames gives exactly the contract's report, with no `frames`.
    for page in [
        MHTML.to_string(),
        scratch("no-frames.html", SHARING_PAGE.as_bytes())
            .display()
            .to_string(),
    ] {
        let out = run(&["audit", "--json", &page]);
        let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
        let keys: Vec<&str> = v
            .as_object()
            .expect("a report")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["findings", "site", "url"], "{page}");
    }

    // The README's JSON contract says so.
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let contract = &readme[readme.find("### JSON output").expect("the JSON section")..];
    let contract = &contract[..contract.find("\n## ").expect("the next section")];
    for words in [
        "- `frames` (the command line only)",
        "`--url` does not change it",
        "Present only when the file holds frames",
    ] {
        assert!(
            contract.contains(words),
            "the JSON section should say {words:?}"
        );
    }
}

/// A web archive: the page, then one part for each frame given, then a closing boundary.
fn archive_with_frames(page: &str, frames: &[(&str, &[u8])]) -> Vec<u8> {
    let typed: Vec<(&str, &str, &[u8])> = frames
        .iter()
        .map(|&(location, html)| ("text/html", location, html))
        .collect();
    archive_with_typed_frames(page, &typed)
}

/// [`archive_with_frames`], each frame with its part's Content-Type.
fn archive_with_typed_frames(page: &str, frames: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut bytes = format!(
        "From: <Saved by Blink>\r\nSnapshot-Content-Location: https://www.myworksearch.co.uk/\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\
         \tboundary=\"----B----\"\r\n\r\n\r\n------B----\r\nContent-Type: text/html\r\n\
         Content-Location: https://www.myworksearch.co.uk/\r\n\r\n{page}\r\n"
    )
    .into_bytes();
    for (i, (content_type, location, html)) in frames.iter().enumerate() {
        bytes.extend(
            format!(
                "------B----\r\nContent-Type: {content_type}\r\n\
                 Content-ID: <frame-{i}@mhtml.blink>\r\nContent-Location: {location}\r\n\r\n"
            )
            .as_bytes(),
        );
        bytes.extend(*html);
        bytes.extend(b"\r\n");
    }
    bytes.extend(b"------B------\r\n");
    bytes
}

#[test]
fn findings_are_numbered_through_the_page_and_its_frames() {
    let bytes = archive_with_frames(
        SHARING_PAGE,
        &[
            ("https://portal.example/a", BENIGN_PAGE.as_bytes()),
            ("about:blank", SHARING_PAGE.as_bytes()),
        ],
    );
    let path = scratch("page-and-frames.mhtml", &bytes);
    let out = run(&["audit", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with(
            "2 settings on MyWorkSearch (www.myworksearch.co.uk) or in the frames saved with it share your data"
        ),
        "{text}"
    );
    let first = text.find("1. ").expect("a first warning");
    let second = text.find("2. ").expect("a second warning");
    let page = text
        .find("   Where: #share\n   In the page itself\n")
        .expect("the page's");
    // A frame with no web address of its own (about:blank) is said to be a frame, no more.
    let frame = text
        .find("   Where: #share\n   In a frame of the page\n")
        .expect("the frame's");
    assert!(first < page && page < second && second < frame, "{text}");
    assert!(
        !text.contains("portal.example"),
        "a frame with nothing in it is not named"
    );

    let out = run(&["audit", "--json", path.to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["findings"].as_array().map(Vec::len), Some(1));
    let frames = v["frames"].as_array().expect("frames array");
    assert_eq!(frames.len(), 2);
    assert_eq!(frames[0]["url"], "https://portal.example/a");
    assert_eq!(frames[0]["findings"], serde_json::json!([]));
    assert_eq!(frames[1]["url"], "", "no web address of its own");
    assert_eq!(frames[1]["site"]["host"], "");
    assert_eq!(frames[1]["findings"].as_array().map(Vec::len), Some(1));
}

#[test]
fn an_all_clear_for_an_archive_says_its_frames_were_checked_too() {
    let bytes = archive_with_frames(
        BENIGN_PAGE,
        &[
            ("https://portal.example/a", BENIGN_PAGE.as_bytes()),
            ("https://portal.example/b", b"<p>Nothing here</p>"),
            ("about:blank", b"  \r\n"),
        ],
    );
    let path = scratch("all-clear-frames.mhtml", &bytes);
    let out = run(&["audit", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        out.stderr.is_empty(),
        "an empty frame has nothing to check: {out:?}"
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with(
            "No data-sharing switched on by default was found on MyWorkSearch \
             (www.myworksearch.co.uk) or in the 2 frames saved with it.\n"
        ),
        "{text}"
    );
    assert!(text.contains("checked only what is in this file"), "{text}");
    let out = run(&["audit", "--json", path.to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["frames"].as_array().map(Vec::len), Some(2));
}

#[test]
fn a_part_that_cannot_be_read_is_said_on_standard_error() {
    let binary: &[u8] = b"<p>\0\0\0\0 not text</p>";
    // A frame in binary: the rest is checked, and standard error says what was not.
    let bytes = archive_with_frames(SHARING_PAGE, &[("https://portal.example/bin", binary)]);
    let path = scratch("binary-frame.mhtml", &bytes);
    let out = run(&["audit", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(
            "the frame from https://portal.example/bin could not be read (it looks like \
             binary data); its settings were not checked"
        ),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Where: #share"));

    // The page in binary, a frame readable: the frame is checked.
    let bytes = archive_with_frames(
        "<p>\0\0\0\0</p>",
        &[("https://portal.example/a", SHARING_PAGE.as_bytes())],
    );
    let path = scratch("binary-page.mhtml", &bytes);
    let out = run(&["audit", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the page itself could not be read (it looks like binary data); only its frames were checked"),
        "{stderr}"
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("In a frame from https://portal.example/a")
    );

    // Nothing readable: an error, as for a page.
    let bytes = archive_with_frames("<p>\0\0\0\0</p>", &[("https://portal.example/bin", binary)]);
    let path = scratch("binary-all.mhtml", &bytes);
    assert_one_line_error(&run(&["audit", path.to_str().unwrap()]), "binary");
    let bytes = archive_with_frames(" ", &[("https://portal.example/a", b"\r\n")]);
    let path = scratch("empty-all.mhtml", &bytes);
    assert_one_line_error(&run(&["audit", path.to_str().unwrap()]), "empty page");
}

/// Internet Explorer's .mht gives each part's charset, as the server sent it; like a
/// browser, Untick takes it over what the page's own <meta> says.
#[test]
fn a_frame_in_windows_1252_is_read_in_the_charset_its_part_gives() {
    let frame = windows_1252_page(r#"<meta charset="utf-8">"#);
    let bytes = archive_with_typed_frames(
        BENIGN_PAGE,
        &[(
            "text/html; charset=\"windows-1252\"",
            "https://portal.example/register",
            &frame,
        )],
    );
    let path = scratch("frame-1252.mhtml", &bytes);
    let out = run(&["audit", path.to_str().unwrap()]);
    assert_opt_out_found(&out);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("   Where: #opt-out\n   In a frame from https://portal.example/register\n"),
        "{text}"
    );
    let out = run(&["audit", "--json", path.to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["frames"][0]["findings"][0]["label"], OPT_OUT_LABEL);
}

/// The fixture cut anywhere: a report or a one-line error, never a panic.
#[test]
fn the_framed_archive_cut_short_never_panics() {
    let bytes = std::fs::read(FRAMED_MHTML).expect("fixture");
    for end in (0..=bytes.len()).step_by(97).chain([bytes.len() - 300]) {
        let out = run_stdin(&["audit", "--json", "-"], &bytes[..end]);
        match out.status.code() {
            Some(0 | 1) => {
                serde_json::from_slice::<Value>(&out.stdout).expect("valid JSON");
            }
            _ => assert_one_line_error(&out, ""),
        }
    }
}

/// Exit status 1 (something found) and `words` quoted in the report.
fn assert_finds(out: &Output, words: &str) {
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(words), "{text}");
}

/// Issue 16: a web archive whose part gives the wrong character set is read as a browser
/// reads an unlabelled page, and says so, instead of "nothing found".
#[test]
fn issue_16_a_part_with_the_wrong_charset_is_read_anyway_and_said() {
    let bytes = archive_with_typed_frames(
        BENIGN_PAGE,
        &[(
            "text/html; charset=utf-16le",
            "https://portal.example/register",
            SHARING_PAGE.as_bytes(),
        )],
    );
    let path = scratch("frame-wrong-charset.mhtml", &bytes);
    let out = run(&["audit", path.to_str().unwrap()]);
    assert_finds(&out, "Let my adviser see my job search activity");
    let errors = String::from_utf8_lossy(&out.stderr);
    assert!(
        errors.contains("the frame from https://portal.example/register is labelled utf-16le, which does not fit its text"),
        "{errors}"
    );
    // Rightly labelled, no note.
    let bytes = archive_with_typed_frames(
        BENIGN_PAGE,
        &[(
            "text/html; charset=utf-8",
            "https://portal.example/register",
            SHARING_PAGE.as_bytes(),
        )],
    );
    let path = scratch("frame-right-charset.mhtml", &bytes);
    let out = run(&["audit", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Issue 16: an archive cut off inside a base64 part checks what it holds and says the
/// rest was not checked.
#[test]
fn issue_16_an_archive_cut_short_in_a_base64_part_says_so() {
    use std::fmt::Write as _;
    // The sharing page, base64 in lines of 76 as Blink writes it, cut off after its form.
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let page = format!("{SHARING_PAGE}<p>{}</p>", "More text. ".repeat(50));
    let mut encoded = String::new();
    for chunk in page.as_bytes().chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            let c = if i <= chunk.len() {
                alphabet[(n >> (18 - 6 * i) & 63) as usize]
            } else {
                b'='
            };
            encoded.push(c as char);
        }
    }
    let mut lines = String::new();
    for line in encoded.as_bytes().chunks(76) {
        writeln!(lines, "{}\r", std::str::from_utf8(line).unwrap()).unwrap();
    }
    let whole = format!(
        "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"B\"\r\n\r\n--B\r\n\
         Content-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\
         Content-Location: https://www.myworksearch.co.uk/\r\n\r\n{lines}--B--\r\n"
    );
    let out = run_stdin(&["audit", "-"], whole.as_bytes());
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Cut in the middle of a base64 line well after the form.
    let cut = whole.len() - 200;
    let out = run_stdin(&["audit", "-"], &whole.as_bytes()[..cut]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let errors = String::from_utf8_lossy(&out.stderr);
    assert!(
        errors.contains("standard input: the page stops short (the file was cut off"),
        "{errors}"
    );
}

/// Issue 16: one element with a million attributes no longer keeps the parser busy for
/// minutes; the settings around it are still found.
#[test]
fn issue_16_a_million_attributes_on_one_element_are_bounded() {
    let many: String = (0..1_000_000).map(|n| format!(" a{n}=\"{n}\"")).collect();
    let page = SHARING_PAGE.replace("<form>", &format!("<form><div{many}>x</div>"));
    let path = scratch("many-attributes.html", page.as_bytes());
    let out = run(&["audit", path.to_str().unwrap()]);
    assert_finds(&out, "Let my adviser see my job search activity");
}

/// Issue 16: a saved page with more controls than Untick reads says it was checked in
/// part, so that "nothing found" is never taken for an all-clear.
#[test]
fn issue_16_a_page_too_big_to_check_in_full_says_so() {
    let filler = "<input type=checkbox>".repeat(100_000);
    let late = format!(
        "<html><body><form>{filler}{}</form></body></html>",
        &SHARING_PAGE[SHARING_PAGE.find("<input").unwrap()..]
    );
    let path = scratch("too-many-controls.html", late.as_bytes());
    let out = run(&["audit", path.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("This page is too big for Untick to check in full"),
        "{text}"
    );
    let out = run(&["audit", "--json", path.to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["checked_in_part"], true);
    // An ordinary page says nothing of the kind.
    let path = scratch("ordinary.html", SHARING_PAGE.as_bytes());
    let out = run(&["audit", "--json", path.to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert!(v.get("checked_in_part").is_none(), "{v}");
}
