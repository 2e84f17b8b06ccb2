//! `untick`: the audit engine and the letter library on the command line.
//!
//! Exit status: 0 nothing found, 1 findings, 2 error. Errors are one line on stderr.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use untick::letters::{self, Details, LetterContext};

#[path = "untick/mhtml.rs"]
mod mhtml;

/// Largest input read; bigger files are refused rather than half-read.
const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Parser)]
#[command(
    name = "untick",
    version,
    about = "Find data-sharing that is on by default in job-search sites' pages, and the words to refuse it."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Audit a saved page: print each setting that shares data before you act.
    #[command(after_help = "Exit status:\n  \
        0  nothing found: no data-sharing is on by default in what the file holds\n  \
        1  one or more settings share data by default (the report lists them)\n  \
        2  error: the page could not be read (missing, a directory, empty, binary data,\n     \
        a web archive with no page in it), or the command was wrong")]
    Audit {
        /// Print the report as JSON (the contract documented in the README).
        #[arg(long)]
        json: bool,
        /// The address the page was saved from (tells Untick which site it is). A web
        /// archive (.mhtml) gives its own address when this is not given, and its frames
        /// keep theirs.
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        /// The saved page (.html, or .mhtml from "Webpage, Single File"), or - to read
        /// standard input.
        file: PathBuf,
    },
    /// List the letters, or print one filled in with your details.
    ///
    /// The letter goes to standard output (or the --save file) and nothing else does:
    /// the note about free advice goes to standard error, so it is never sent by mistake.
    #[command(after_help = "Exit status: 0 the letter (or the list) was written, 2 error.")]
    Letter {
        /// A letter id from `untick letter list`, or `list`.
        id: String,
        #[command(flatten)]
        details: Box<DetailArgs>,
        /// Write the letter to this file (plain text) instead of printing it.
        #[arg(long, value_name = "FILE")]
        save: Option<PathBuf>,
    },
}

#[derive(clap::Args)]
struct DetailArgs {
    /// Your name.
    #[arg(long)]
    name: Option<String>,
    /// Your address, on one line (used in a subject access request).
    #[arg(long)]
    address: Option<String>,
    /// Your date of birth, e.g. "3 March 1980" (used in a subject access request).
    #[arg(long, value_name = "DATE")]
    date_of_birth: Option<String>,
    /// A sentence on your own situation, your reasons for an objection (your health,
    /// caring for someone, a past problem with the provider).
    #[arg(long, value_name = "SENTENCE")]
    situation: Option<String>,
    /// Your National Insurance number.
    #[arg(long, value_name = "NI_NUMBER")]
    ni: Option<String>,
    /// Your employment programme provider.
    #[arg(long)]
    provider: Option<String>,
    /// Your adviser or work coach.
    #[arg(long)]
    adviser: Option<String>,
    /// The email address of your account on the site.
    #[arg(long, value_name = "EMAIL")]
    email: Option<String>,
    /// The site's name or host, e.g. myworksearch.co.uk.
    #[arg(long)]
    site: Option<String>,
    /// A setting's label as the page showed it (repeat for several).
    #[arg(long = "setting", value_name = "LABEL")]
    settings: Vec<String>,
    /// The date to put on the letter, e.g. "3 March 2027" (default: today).
    #[arg(long)]
    date: Option<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("untick: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<ExitCode, String> {
    match command {
        Command::Audit { json, url, file } => {
            let saved = read_page(&file)?;
            for note in &saved.unread {
                eprintln!("untick: {note}");
            }
            let url = url.or(saved.page.location).unwrap_or_default();
            let report = untick::audit(&saved.page.html, &url);
            // A frame is audited at its own address; --url names the page, not its frames.
            let frames: Vec<untick::Report> = saved
                .frames
                .iter()
                .map(|f| untick::audit(&f.html, f.location.as_deref().unwrap_or_default()))
                .collect();
            let out = if json {
                let shown = AuditJson {
                    page: &report,
                    frames: &frames,
                };
                serde_json::to_string_pretty(&shown).map_err(|e| e.to_string())? + "\n"
            } else {
                untick::text_report_with_frames(&report, &frames)
            };
            print_out(&out)?;
            let found = std::iter::once(&report)
                .chain(&frames)
                .any(|r| !r.findings.is_empty());
            Ok(if found {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Letter { id, details, save } => {
            if id == "list" {
                let out = letters::list()
                    .iter()
                    .map(|l| format!("{:<22} {} (to {})\n", l.id, l.title, l.to))
                    .collect::<String>();
                print_out(&out)?;
                return Ok(ExitCode::SUCCESS);
            }
            let (person, context) = details.split();
            let letter = letters::render(&id, &person, &context).map_err(|e| e.to_string())?;
            let info = letters::list().into_iter().find(|l| l.id == id);
            match save {
                Some(path) => {
                    save_letter(&path, &letter)?;
                    eprintln!("Saved the letter to {}.", path.display());
                }
                None => print_out(&letter)?,
            }
            eprintln!("\n-- Not part of the letter --");
            if let Some(note) = letters::missing_details_note(&id, &person) {
                eprintln!("{note} (--name, --address, --date-of-birth, --ni, --email)");
            }
            if let Some(info) = info {
                eprintln!("Send it to {}. {}", info.to, info.after);
            }
            eprintln!("{}", letters::advice_note());
            Ok(ExitCode::SUCCESS)
        }
    }
}

impl DetailArgs {
    fn split(self) -> (Details, LetterContext) {
        let person = Details {
            name: self.name,
            address: self.address,
            date_of_birth: self.date_of_birth,
            situation: self.situation,
            ni_number: self.ni,
            provider: self.provider,
            adviser: self.adviser,
            account_email: self.email,
        };
        // One flag for the site: a bare host ("myworksearch.co.uk") or a name ("MyWorkSearch").
        let looks_like_host = self
            .site
            .as_deref()
            .is_some_and(|s| s.contains('.') && !s.contains(char::is_whitespace));
        let (site_name, host) = if looks_like_host {
            (None, self.site)
        } else {
            (self.site, None)
        };
        let context = LetterContext {
            site_name,
            host,
            date: Some(self.date.unwrap_or_else(letters::uk_date_today)),
            settings: self.settings,
        };
        (person, context)
    }
}

/// Writes to stdout; a closed pipe (`untick ... | head`) is not an error worth a panic.
fn print_out(text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write output: {e}"))
        }
        _ => Ok(()),
    }
}

/// `untick audit --json`: the page's report as the README's contract gives it, and for a
/// web archive with frames, a report for each frame beside it.
#[derive(serde::Serialize)]
struct AuditJson<'a> {
    #[serde(flatten)]
    page: &'a untick::Report,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    frames: &'a [untick::Report],
}

/// A saved page's text, and the address it was saved from when the file says so.
struct Page {
    html: String,
    location: Option<String>,
}

/// What a file holds: the page, and the frames a web archive saved with it.
struct Saved {
    /// The page itself; empty when it could not be read but a frame could.
    page: Page,
    /// The frames that could be read, in file order. Empty frames are left out: there is
    /// nothing in them to check.
    frames: Vec<Page>,
    /// What could not be read, one line each, for standard error.
    unread: Vec<String>,
}

fn read_page(path: &Path) -> Result<Saved, String> {
    let stdin = path == Path::new("-");
    let shown = if stdin {
        "standard input".to_string()
    } else {
        path.display().to_string()
    };
    let bytes = if stdin {
        let mut buf = Vec::new();
        std::io::stdin()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        buf
    } else {
        let meta = std::fs::metadata(path)
            .map_err(|e| format!("cannot read {shown}: {}", plain_io_error(&e)))?;
        if meta.is_dir() {
            return Err(format!("{shown} is a directory; give a saved HTML page"));
        }
        let mut buf = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_INPUT_BYTES + 1).read_to_end(&mut buf))
            .map_err(|e| format!("cannot read {shown}: {}", plain_io_error(&e)))?;
        buf
    };
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(format!(
            "{shown} is larger than {} MB; is it really a web page?",
            MAX_INPUT_BYTES / (1024 * 1024)
        ));
    }
    let archive = match mhtml::unpack(&bytes) {
        None => {
            let html = untick::decode_page(&bytes).map_err(|e| match e {
                untick::InputError::Empty if stdin => {
                    "standard input is empty; give a saved page, e.g. untick audit - < page.html"
                        .to_string()
                }
                e => format!("{shown}: {e}"),
            })?;
            return Ok(Saved {
                page: Page {
                    html,
                    location: None,
                },
                frames: Vec::new(),
                unread: Vec::new(),
            });
        }
        Some(Ok(archive)) => archive,
        Some(Err(e)) => return Err(format!("{shown}: {e}")),
    };
    drop(bytes);
    let mut unread = Vec::new();
    let mut frames = Vec::new();
    for frame in archive.frames {
        let which = match &frame.location {
            Some(address) => format!("the frame from {address}"),
            None => "a frame".to_string(),
        };
        match decode_archived(&frame, &format!("{shown}: {which}"), &mut unread) {
            Ok(html) => frames.push(Page {
                html,
                location: frame.location,
            }),
            Err(untick::InputError::Empty) => {}
            Err(e) => {
                unread.push(format!(
                    "{shown}: {which} could not be read ({}); its settings were not checked",
                    unreadable(&e)
                ));
            }
        }
    }
    let page = archive.page;
    // Notes on the page itself come before those on its frames.
    let mut page_notes = Vec::new();
    let decoded = decode_archived(&page, &format!("{shown}: the page"), &mut page_notes);
    unread.splice(0..0, page_notes);
    let html = match decoded {
        Ok(html) => html,
        Err(e) if frames.is_empty() => {
            return Err(match e {
                untick::InputError::Empty => format!("{shown}: {}", mhtml::ArchiveError::EmptyPage),
                e => format!("{shown}: {e}"),
            })
        }
        Err(e) => {
            unread.insert(
                0,
                format!(
                    "{shown}: the page itself could not be read ({}); only its frames were checked",
                    unreadable(&e)
                ),
            );
            String::new()
        }
    };
    Ok(Saved {
        page: Page {
            html,
            location: page.location,
        },
        frames,
        unread,
    })
}

/// A page of a web archive as text. Adds a note for `notes` (each starting with `which`)
/// when the archive was cut short in it, or its character set does not fit its text (the
/// text is then read as a browser reads a page with no character set given).
fn decode_archived(
    part: &mhtml::ArchivedPage,
    which: &str,
    notes: &mut Vec<String>,
) -> Result<String, untick::InputError> {
    // Characters that could not be decoded, or no markup at all: the signs of a wrong
    // character set (UTF-16 read from ASCII, Windows-1252 bytes read as UTF-8).
    let misread = |text: &str| {
        let lost = text.matches('\u{FFFD}').count();
        if text.contains('<') {
            lost
        } else {
            lost + text.len() + 1
        }
    };
    let as_given = untick::decode_page_with_charset(&part.html, part.charset.as_deref());
    let text = match &part.charset {
        Some(charset) if as_given.as_ref().map_or(true, |t| misread(t) > 0) => {
            let sniffed = untick::decode_page(&part.html);
            match (as_given, sniffed) {
                (Ok(given), Ok(sniffed)) if misread(&sniffed) >= misread(&given) => given,
                (Err(e), Err(_)) => return Err(e),
                (_, Ok(sniffed)) => {
                    notes.push(format!(
                        "{which} is labelled {charset}, which does not fit its text; \
                         it was read as a browser reads a page with no label"
                    ));
                    sniffed
                }
                (Ok(given), Err(_)) => given,
            }
        }
        _ => as_given?,
    };
    if part.cut_short {
        notes.push(format!(
            "{which} stops short (the file was cut off while it was saved or copied); \
             what it holds was checked, anything after the cut was not"
        ));
    }
    Ok(text)
}

/// Why a part of a web archive was not checked, in a few words.
fn unreadable(e: &untick::InputError) -> &'static str {
    match e {
        untick::InputError::Empty => "it is empty",
        untick::InputError::Binary => "it looks like binary data",
    }
}

/// Writes the letter to `path`, with a plain reason when it cannot: a folder given for a
/// file (or a folder that does not exist) is the likely mistake.
fn save_letter(path: &Path, letter: &str) -> Result<(), String> {
    let shown = path.display();
    let names_a_folder = path
        .as_os_str()
        .to_string_lossy()
        .ends_with(std::path::is_separator);
    if path.is_dir() || names_a_folder {
        return Err(format!(
            "cannot save the letter to {shown}: that is a folder; give a file name, \
             e.g. --save {}",
            path.join("letter.txt").display()
        ));
    }
    std::fs::write(path, letter).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "the folder it would go in does not exist".to_string(),
            _ => plain_io_error(&e),
        };
        format!("cannot save the letter to {shown}: {why}")
    })
}

fn plain_io_error(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        // Windows: cmd.exe and PowerShell pass `*.html` on as it is, which is no file name.
        std::io::ErrorKind::InvalidFilename => {
            "not a file name Windows accepts (a * or ? is not expanded here: give each file's name)"
                .to_string()
        }
        _ => e.to_string(),
    }
}
