#!/usr/bin/env bash
# Cross-builds the CLI for Windows (x86_64-pc-windows-gnu, mingw-w64), runs it under Wine
# on every fixture page and a few Windows-only cases, and compares what it prints (standard
# output, standard error, exit status) with the Linux CLI's, byte for byte. One line per
# check; exits 1 on any difference, 2 when mingw-w64, Wine or the Rust target is missing.
#   scripts/windows-cli.sh            build both CLIs, compare
#   scripts/windows-cli.sh --install  first install what is missing (apt: mingw-w64, wine,
#                                     wine64; rustup: the x86_64-pc-windows-gnu target)
# The builds use their own target folders, so they do not wait on other cargo work:
#   UNTICK_WIN_TARGET_DIR (default /tmp/wintarget), UNTICK_LINUX_TARGET_DIR (/tmp/lintarget);
#   UNTICK_WIN_EXE and UNTICK_BIN skip a build and use that binary instead.
# Wine gets a prefix of its own (UNTICK_WINEPREFIX, default /tmp/untick-wineprefix), stopped
# at the end. Outputs are kept in UNTICK_WINE_WORK (default /tmp/untick-windows-cli) to
# read after a difference.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd -P)

say() { printf 'windows cli: %s\n' "$*"; }
note() { printf 'windows cli: %s\n' "$*" >&2; }

target=x86_64-pc-windows-gnu
install=no
case "${1:-}" in
  "") ;;
  --install) install=yes ;;
  -h|--help) sed -n '2,14s/^# \{0,1\}//p' "$0"; exit 0 ;;
  *) echo "usage: scripts/windows-cli.sh [--install]" >&2; exit 2 ;;
esac

# --- What this needs --------------------------------------------------------------------

have_target() {
  [ -d "$(rustc --print sysroot 2>/dev/null)/lib/rustlib/$target/lib" ]
}

missing_tools() {
  local missing=()
  command -v x86_64-w64-mingw32-gcc >/dev/null || missing+=("mingw-w64 (x86_64-w64-mingw32-gcc)")
  command -v wine >/dev/null || missing+=("wine")
  command -v wineserver >/dev/null || missing+=("wineserver (wine)")
  have_target || missing+=("the Rust target $target")
  printf '%s\n' "${missing[@]+"${missing[@]}"}"
}

if [ "$install" = yes ] && [ -n "$(missing_tools)" ]; then
  if ! command -v x86_64-w64-mingw32-gcc >/dev/null || ! command -v wine >/dev/null; then
    note "installing mingw-w64, wine and wine64 with apt"
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq mingw-w64 wine wine64 >/dev/null
  fi
  if ! have_target; then
    note "installing the Rust target $target with rustup"
    rustup target add "$target"
  fi
fi
lacking=$(missing_tools)
if [ -n "$lacking" ]; then
  note "missing: $(echo "$lacking" | paste -sd, - | sed 's/,/, /g')"
  note "install them with scripts/windows-cli.sh --install, or:"
  note "  apt-get install mingw-w64 wine wine64 && rustup target add $target"
  exit 2
fi

# --- The two CLIs -----------------------------------------------------------------------

if [ -n "${UNTICK_WIN_EXE:-}" ]; then
  exe=$UNTICK_WIN_EXE
else
  win_target_dir=${UNTICK_WIN_TARGET_DIR:-/tmp/wintarget}
  # Rust's default linker for this target is the mingw gcc too; said here so that a
  # CARGO_TARGET_..._LINKER set for something else does not get in the way.
  CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
    CARGO_TARGET_DIR="$win_target_dir" \
    cargo build --release --locked --quiet --target "$target" --bin untick
  exe="$win_target_dir/$target/release/untick.exe"
fi
if [ -n "${UNTICK_BIN:-}" ]; then
  lin=$UNTICK_BIN
else
  lin_target_dir=${UNTICK_LINUX_TARGET_DIR:-/tmp/lintarget}
  CARGO_TARGET_DIR="$lin_target_dir" cargo build --release --locked --quiet --bin untick
  lin="$lin_target_dir/release/untick"
fi
exe=$(cd "$(dirname "$exe")" && pwd -P)/$(basename "$exe")
lin=$(cd "$(dirname "$lin")" && pwd -P)/$(basename "$lin")

# --- Wine -------------------------------------------------------------------------------

# A UTF-8 locale: Wine turns the command line's bytes into UTF-16 with the Unix locale's
# character set, so under LANG=C a file name like Pagé.html reaches the CLI mangled.
export LC_ALL=C.UTF-8
export WINEPREFIX=${UNTICK_WINEPREFIX:-/tmp/untick-wineprefix}
export WINEDEBUG=-all
export WINEARCH=win64
# No Mono or Gecko (they would be downloaded), and no window: this is a console program.
export WINEDLLOVERRIDES="mscoree=;mshtml="
unset DISPLAY WAYLAND_DISPLAY

if [ ! -f "$WINEPREFIX/system.reg" ]; then
  note "making a Wine prefix in $WINEPREFIX"
  wine wineboot --init >/dev/null 2>&1 || true
  wineserver -w
fi
# Rust's standard library asks bcryptprimitives.dll for random numbers (ProcessPrng,
# Windows 10 and later). Wine has it from 8.13 on; for an older Wine (Debian 12 has 8.0)
# put a stand-in built with mingw into this prefix only, else every run fails with
# c0000135 (a DLL not found). Windows itself is not concerned.
system32="$WINEPREFIX/drive_c/windows/system32"
shim=""
if [ ! -f "$system32/bcryptprimitives.dll" ]; then
  shim_src=$(mktemp -d)
  cat > "$shim_src/bcryptprimitives.c" <<'EOF'
#include <windows.h>
/* RtlGenRandom, which every Wine has (advapi32). */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
EOF
  x86_64-w64-mingw32-gcc -O2 -shared -o "$system32/bcryptprimitives.dll" \
    "$shim_src/bcryptprimitives.c" -ladvapi32
  rm -rf "$shim_src"
  shim=" (with a ProcessPrng stand-in: this Wine has no bcryptprimitives.dll)"
fi
# One Wine server for all the runs (a second each otherwise); ours alone is stopped at the end.
# It, and the services the first run starts, get no terminal or pipe of ours: they outlive
# the run, and would keep a `| tee` waiting.
wineserver -p 60 </dev/null >/dev/null 2>&1 || true
trap 'wineserver -k >/dev/null 2>&1 || true' EXIT
if ! started=$(wine "$exe" --version </dev/null 2>/dev/null) || [ -z "$started" ]; then
  note "the Windows CLI does not start under Wine: WINEDEBUG=err+all wine $exe --version says why"
  exit 1
fi

say "$("$lin" --version) for Linux, $started for Windows; mingw-w64 gcc" \
  "$(x86_64-w64-mingw32-gcc -dumpversion); $(wine --version 2>/dev/null)$shim"

# --- Running and comparing ----------------------------------------------------------------

work=${UNTICK_WINE_WORK:-/tmp/untick-windows-cli}
rm -rf "$work"
mkdir -p "$work"

# The Windows path Wine gives a Unix path: drive Z: is the root.
winpath() { printf 'Z:%s' "${1//\//\\}"; }

# run_linux DIR ARGS... / run_windows DIR ARGS...: the CLI's standard output, standard
# error and exit status into DIR/out, DIR/err, DIR/status. Standard input from $stdin_file
# when set. Both run from the repository root (Z:\...\main for Windows).
stdin_file=/dev/null
run_linux() {
  local dir=$1; shift
  mkdir -p "$dir"
  local status=0
  "$lin" "$@" <"$stdin_file" >"$dir/out" 2>"$dir/err" || status=$?
  echo "$status" >"$dir/status"
}
run_windows() {
  local dir=$1; shift
  mkdir -p "$dir"
  local status=0
  wine "$exe" "$@" <"$stdin_file" >"$dir/out" 2>"$dir/err" || status=$?
  echo "$status" >"$dir/status"
}

crlf_outputs=0 # outputs of the Windows CLI with a CRLF in them, counted for the summary
# same CASE [WINPATH LINUXPATH]...: compares CASE/windows with CASE/linux. Line endings
# are made LF (and counted) first; in the Windows CLI's standard error each Windows path
# given is read as the Linux path beside it, as the CLI shows the path it was given.
same() {
  local case=$1; shift
  local w="$case/windows" l="$case/linux" f
  cp "$w/err" "$w/err.given" # as printed, for the report
  for f in out err; do
    if grep -q $'\r' "$w/$f"; then
      crlf_outputs=$((crlf_outputs + 1))
      sed -i 's/\r$//' "$w/$f"
    fi
  done
  while [ $# -ge 2 ]; do
    # Literal replacement (the paths hold backslashes and dots).
    WIN=$1 LIN=$2 perl -0pi -e 's/\Q$ENV{WIN}\E/$ENV{LIN}/g' "$w/err"
    shift 2
  done
  cmp -s "$w/out" "$l/out" && cmp -s "$w/err" "$l/err" && cmp -s "$w/status" "$l/status"
}

failed=0
checks=0
line() { say "$(printf '%-28s' "$1") $2"; } # NAME TEXT: one line of the table
report() { # NAME PASSED(yes/no) DETAIL
  checks=$((checks + 1))
  if [ "$2" = yes ]; then
    line "$1" "ok: $3"
  else
    failed=$((failed + 1))
    line "$1" "DIFFERS: $3"
  fi
}

# Every fixture page: tests/fixtures/ (pages, held-out sets, the CLI's web archives) and
# the end-to-end tests' pages. A page with an expectation beside it is audited at the
# address the expectation gives, as tests/corpus.rs does.
mapfile -t pages < <(find tests/fixtures tests/e2e/pages -type f \
  \( -name '*.html' -o -name '*.htm' -o -name '*.mhtml' -o -name '*.mht' \) | LC_ALL=C sort)

url_args() { # PAGE -> --url URL, or nothing
  local expected=${1%.*}.expected.json url
  [ -f "$expected" ] || return 0
  url=$(sed -n 's/^  "url": *"\(.*\)",\{0,1\}$/\1/p' "$expected" | head -n 1)
  [ -z "$url" ] || printf '%s\n' --url "$url"
}

# corpus MODE: every page, Linux path against Windows path, in JSON or text.
corpus() {
  local mode=$1 page case n=0 ok=0 diffs=() args
  for page in "${pages[@]}"; do
    mapfile -t args < <(url_args "$page")
    [ "$mode" = json ] && args+=(--json)
    case="$work/corpus-$mode/${page//\//_}"
    run_linux "$case/linux" audit "${args[@]+"${args[@]}"}" "$root/$page"
    run_windows "$case/windows" audit "${args[@]+"${args[@]}"}" "$(winpath "$root/$page")"
    n=$((n + 1))
    if same "$case" "$(winpath "$root/$page")" "$root/$page"; then
      ok=$((ok + 1))
    else
      diffs+=("$page")
    fi
  done
  local detail="$ok/$n pages identical (output, errors, exit status)"
  [ ${#diffs[@]} -eq 0 ] || detail+="; differ: ${diffs[*]}"
  report "corpus, $mode" "$([ $ok -eq $n ] && echo yes || echo no)" "$detail"
}
corpus json
corpus text

# --- Pages as Windows saves them ----------------------------------------------------------

# encoded NAME: every HTML page re-encoded by `encode_NAME PAGE > FILE` (which fails for a
# page it cannot encode), run by both CLIs in JSON. Two things must hold: the Windows CLI
# gives what the Linux CLI gives for the same bytes, and the Linux CLI gives what it gives
# for the page as written (the encoding was read, not just read alike).
encode_utf8_bom() { printf '\xEF\xBB\xBF'; cat "$1"; }
encode_utf16le_bom() { printf '\xFF\xFE'; iconv -f UTF-8 -t UTF-16LE "$1"; }
encode_crlf() { sed 's/\r\{0,1\}$/\r/' "$1"; }
# Notepad's "ANSI" on an English Windows; the page's own charset declaration removed, so
# the CLI must tell windows-1252 from UTF-8 by itself. Only pages with a character beyond
# ASCII are worth it (the others are the same bytes either way), and only those whose
# characters windows-1252 has.
encode_windows_1252() {
  if ! grep -qP '[^\x00-\x7F]' "$1"; then ascii_only=$((ascii_only + 1)); return 1; fi
  sed -E 's/<meta[^>]*charset[^>]*>//Ig' "$1" | iconv -f UTF-8 -t CP1252 2>/dev/null
}
encoded() {
  local name=$1 page case file n=0 ok=0 as_written=0 skipped=0 diffs=() args
  ascii_only=0
  for page in "${pages[@]}"; do
    case $page in *.mhtml|*.mht) continue ;; esac # a web archive's parts say their charset
    case="$work/encoded-$name/${page//\//_}"
    mkdir -p "$case"
    file="$case/page.html"
    if ! "encode_${name//-/_}" "$page" >"$file"; then
      skipped=$((skipped + 1))
      continue
    fi
    mapfile -t args < <(url_args "$page")
    args+=(--json)
    run_linux "$case/linux" audit "${args[@]}" "$file"
    run_windows "$case/windows" audit "${args[@]}" "$(winpath "$file")"
    run_linux "$case/original" audit "${args[@]}" "$root/$page"
    n=$((n + 1))
    if same "$case" "$(winpath "$file")" "$file"; then
      ok=$((ok + 1))
    else
      diffs+=("$page")
    fi
    if cmp -s "$case/linux/out" "$case/original/out" \
       && cmp -s "$case/linux/status" "$case/original/status"; then
      as_written=$((as_written + 1))
    else
      diffs+=("$page (not as written)")
    fi
  done
  local detail="$ok/$n pages identical to Linux; $as_written/$n give what the page as written gives"
  local unencodable=$((skipped - ascii_only))
  [ $skipped -eq 0 ] \
    || detail+="; left out: $ascii_only ASCII only, $unencodable with characters windows-1252 lacks"
  [ ${#diffs[@]} -eq 0 ] || detail+="; differ: ${diffs[*]}"
  report "$name" "$([ ${#diffs[@]} -eq 0 ] && echo yes || echo no)" "$detail"
}
encoded utf8-bom
encoded utf16le-bom
encoded windows-1252
encoded crlf

# --- Windows paths ----------------------------------------------------------------------

# A page with a curly apostrophe in what the report quotes, so the text shows non-ASCII too.
sample=tests/fixtures/pages/statement-possessive-recipients.html
spaced="$work/wine test/Pagé ünïcode.html"
mkdir -p "$(dirname "$spaced")"
cp "$sample" "$spaced"
on_c="$WINEPREFIX/drive_c/untick test/Pagé ünïcode.html"
mkdir -p "$(dirname "$on_c")"
cp "$sample" "$on_c"
# Deeper than Windows's old 260-character limit (MAX_PATH).
deep="$work/deep/$(printf 'a-folder-with-a-long-name-%02d/' $(seq 1 10))Pagé.html"
mkdir -p "$(dirname "$deep")"
cp "$sample" "$deep"

# path NAME WINDOWS-PATH: the sample page by that Windows path, JSON and text, against
# the Linux CLI on the sample.
path() {
  local name=$1 given=$2 mode case all=yes
  for mode in json text; do
    case="$work/paths/$name/$mode"
    local flag=(); [ "$mode" = json ] && flag=(--json)
    run_linux "$case/linux" audit "${flag[@]+"${flag[@]}"}" "$root/$sample"
    run_windows "$case/windows" audit "${flag[@]+"${flag[@]}"}" "$given"
    same "$case" || all=no
  done
  report "path: $name" "$all" "$given"
}
path "Z:\\ backslashes" "$(winpath "$root/$sample")"
path "z:/ forward slashes" "z:$root/$sample"
path "relative backslashes" "${sample//\//\\}"
path "spaces, non-ASCII" "$(winpath "$spaced")"
path "C:\\ spaces, non-ASCII" 'C:\untick test\Pagé ünïcode.html'
path "\\\\?\\ verbatim" "\\\\?\\$(winpath "$spaced")"
path "over 260 characters" "$(winpath "$deep")"

# Standard input (-), a pipe on both.
case="$work/stdin"
stdin_file=$sample
run_linux "$case/linux" audit --json -
run_windows "$case/windows" audit --json -
stdin_file=/dev/null
ok=no; if same "$case"; then ok=yes; fi
report "standard input" "$ok" "audit --json - < $sample"

# --- Errors: one line, the same words, the same exit status ---------------------------------

mkdir -p "$work/errors/a folder" "$work/errors/files"
: >"$work/errors/files/empty é.html"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\0\0\0' >"$work/errors/files/image.html"
error_case() { # NAME LINUX-PATH WINDOWS-PATH
  local name=$1 linux=$2 windows=$3 case="$work/errors/${1// /-}"
  run_linux "$case/linux" audit --json "$linux"
  run_windows "$case/windows" audit --json "$windows"
  local ok=no
  if same "$case" "$windows" "$linux" && [ "$(cat "$case/linux/status")" = 2 ]; then ok=yes; fi
  report "error: $name" "$ok" "exit $(cat "$case/windows/status"): $(head -c 200 "$case/windows/err.given")"
}
error_case "missing file" "$work/errors/missing é.html" "$(winpath "$work/errors/missing é.html")"
error_case "directory" "$work/errors/a folder" "$(winpath "$work/errors/a folder")"
error_case "directory, trailing \\" "$work/errors/a folder/" "$(winpath "$work/errors/a folder/")"
error_case "missing C:\\ folder" "$work/errors/nowhere/page.html" 'C:\nowhere at all\page.html'
error_case "empty file" "$work/errors/files/empty é.html" "$(winpath "$work/errors/files/empty é.html")"
error_case "binary file" "$work/errors/files/image.html" "$(winpath "$work/errors/files/image.html")"

# A wildcard: cmd.exe and PowerShell hand `untick audit *.html` to the CLI as it is, where
# a Unix shell would have named the files. Linux says there is no such file; Windows must
# say, in one plain line, that this is no file name and to name each file.
case="$work/errors/wildcard"
run_linux "$case/linux" audit --json 'tests/fixtures/pages/*.html'
run_windows "$case/windows" audit --json 'tests\fixtures\pages\*.html'
ok=no
if [ "$(cat "$case/linux/status")" = 2 ] && [ "$(cat "$case/windows/status")" = 2 ] \
   && [ "$(wc -l <"$case/windows/err")" -eq 1 ] && [ ! -s "$case/windows/out" ] \
   && grep -q 'not a file name Windows accepts (a \* or ? is not expanded here: give each file'"'"'s name)$' \
     <(tr -d '\r' <"$case/windows/err"); then ok=yes; fi
report "error: a wildcard (*.html)" "$ok" "exit $(cat "$case/windows/status"): $(tr -d '\r' <"$case/windows/err" | head -c 200)"

# --- A letter saved to a Windows path, with non-ASCII details --------------------------------

letter_args=(letter withdraw-provider --name "Zoë Ñúñez-O’Brien" --date "22 November 2026"
  --provider "Provider Ltd")
case="$work/letter"
mkdir -p "$case/linux" "$case/windows"
run_linux "$case/linux" "${letter_args[@]}" --save "$case/linux/lettre é.txt"
run_windows "$case/windows" "${letter_args[@]}" --save "$(winpath "$case/windows/lettre é.txt")"
ok=no
if same "$case" "$(winpath "$case/windows/lettre é.txt")" "$case/linux/lettre é.txt" \
   && cmp -s "$case/linux/lettre é.txt" "$case/windows/lettre é.txt"; then ok=yes; fi
report "letter --save" "$ok" "the same file, and the same words around it"
case="$work/letter-folder"
run_linux "$case/linux" "${letter_args[@]}" --save "$work/errors/a folder/"
run_windows "$case/windows" "${letter_args[@]}" --save "$(winpath "$work/errors/a folder/")"
ok=no
# The folder's name, and the file name the error suggests in it, are paths too.
if same "$case" \
  "$(winpath "$work/errors/a folder/letter.txt")" "$work/errors/a folder/letter.txt" \
  "$(winpath "$work/errors/a folder/")" "$work/errors/a folder/"; then ok=yes; fi
report "letter --save to a folder" "$ok" \
  "exit $(cat "$case/windows/status"): $(head -c 160 "$case/windows/err.given")"

# --- The console ------------------------------------------------------------------------

# What a person sees: the text report in a terminal (a console for the Windows CLI, so
# Rust writes UTF-16 to it and Wine draws it), against the Linux CLI's screen.
if command -v tmux >/dev/null; then
  sock="untick-windows-cli-$$"
  console_screen() { # NAME COMMAND
    tmux -L "$sock" new-session -d -x 250 -y 120 -s "$1" "$2; echo EXIT=\$?; sleep 60"
    local _
    for _ in $(seq 1 60); do
      tmux -L "$sock" capture-pane -p -t "$1" -S - | grep -q '^EXIT=' && break
      sleep 0.5
    done
    tmux -L "$sock" capture-pane -p -t "$1" -S - | sed 's/ *$//' | grep -v '^$'
  }
  console_screen linux "'$lin' audit '$root/$sample'" >"$work/console-linux.txt"
  console_screen windows "env LC_ALL=C.UTF-8 WINEDEBUG=-all WINEPREFIX='$WINEPREFIX' wine '$exe' audit '$(winpath "$root/$sample")'" >"$work/console-windows.txt"
  tmux -L "$sock" kill-server 2>/dev/null || true
  quoted=$(grep -m1 "’" "$work/console-windows.txt" | sed 's/^ *//' || true)
  report "console, non-ASCII" \
    "$(cmp -s "$work/console-linux.txt" "$work/console-windows.txt" && echo yes || echo no)" \
    "the same screen as Linux; ${quoted:-no curly apostrophe on the screen}"
else
  line "console, non-ASCII" "skipped: no tmux to show a terminal"
fi

# --- Summary ------------------------------------------------------------------------------

if [ $crlf_outputs -eq 0 ]; then
  line "line endings" "LF: the Windows CLI printed no CRLF (to files and pipes)"
else
  line "line endings" "CRLF in $crlf_outputs outputs of the Windows CLI (made LF before comparing)"
fi
if [ $failed -eq 0 ]; then
  say "all $checks checks the same on Windows (Wine) and Linux; outputs in $work"
else
  say "$failed of $checks checks differ; compare */linux with */windows in $work"
  exit 1
fi
