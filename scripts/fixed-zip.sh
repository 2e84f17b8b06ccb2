#!/usr/bin/env bash
# Zips ENTRY (a folder, "." for all of it) under BASE into ZIP so that the same files give
# the same bytes on any machine (issue 21; scripts/reproducible.sh): fixed order, folder
# modes and timestamps, and the time zone too, as zip writes local time. Files keep the
# modes the caller gave them. Used by build-extension.sh and release.sh.
# Usage: scripts/fixed-zip.sh BASE ENTRY ZIP
set -euo pipefail
base=$1 entry=$2
zip_path=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
rm -f "$zip_path"
find "$base/$entry" -type d -exec chmod 755 {} +
find "$base/$entry" -exec env TZ=UTC touch -h -d '2000-01-01T00:00:00Z' {} +
(cd "$base" && find "$entry" -type f | LC_ALL=C sort | sed 's|^\./||' \
  | TZ=UTC zip -q -X -9 "$zip_path" -@)
