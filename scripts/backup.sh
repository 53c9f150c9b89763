#!/usr/bin/env bash
# Back up Craftmarket: the PostgreSQL database (pg_dump custom format) and both media folders (public and
# private), into one directory with a SHA256SUMS manifest. See docs/backup.md.
#
#   DATABASE_URL=postgres://… scripts/backup.sh [DEST_DIR]
#
# DEST_DIR defaults to ./backups/<UTC timestamp>. MEDIA_ROOT and PRIVATE_MEDIA_ROOT default to the settings'
# defaults (./media and ./private_media). With MEDIA_STORAGE=s3 the media live in the bucket: back the bucket up
# with the provider's versioning/replication instead (docs/backup.md); this script then archives nothing for media.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
: "${DATABASE_URL:?Set DATABASE_URL to the PostgreSQL database to back up (postgres://user@host:port/name)}"
case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL must be a postgres:// URL (SQLite development databases are not backed up)" >&2; exit 2 ;;
esac
MEDIA_ROOT="${MEDIA_ROOT:-$ROOT/media}"
PRIVATE_MEDIA_ROOT="${PRIVATE_MEDIA_ROOT:-$ROOT/private_media}"
DEST="${1:-$ROOT/backups/$(date -u +%Y%m%dT%H%M%SZ)}"

umask 077  # the backup holds personal data and private documents: owner-only
mkdir -p "$DEST"

pg_dump --format=custom --compress=6 --no-owner --no-privileges --file="$DEST/database.dump" "$DATABASE_URL"
pg_restore --list "$DEST/database.dump" >/dev/null  # the archive is complete and readable

archive() {  # archive SRC_DIR NAME: an empty archive when the folder does not exist yet
  if [ -d "$1" ]; then
    tar -C "$1" -czf "$DEST/$2.tar.gz" .
  else
    tar -czf "$DEST/$2.tar.gz" -T /dev/null
  fi
}
if [ "${MEDIA_STORAGE:-local}" = "local" ]; then
  archive "$MEDIA_ROOT" media
  archive "$PRIVATE_MEDIA_ROOT" private_media
fi

(cd "$DEST" && sha256sum -- *.dump *.tar.gz > SHA256SUMS)
echo "$DEST"
