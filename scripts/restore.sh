#!/usr/bin/env bash
# Restore a Craftmarket backup made by scripts/backup.sh into DATABASE_URL and the media folders. See
# docs/backup.md.
#
#   DATABASE_URL=postgres://… scripts/restore.sh BACKUP_DIR [--force]
#
# The target database must exist. It must be empty unless --force is given (then every object in the dump is
# dropped and recreated). The restore runs in one transaction: it either completes or changes nothing. Media are
# extracted into MEDIA_ROOT and PRIVATE_MEDIA_ROOT (defaults ./media and ./private_media).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SRC="${1:?Usage: scripts/restore.sh BACKUP_DIR [--force]}"
FORCE="${2:-}"
: "${DATABASE_URL:?Set DATABASE_URL to the PostgreSQL database to restore into}"
MEDIA_ROOT="${MEDIA_ROOT:-$ROOT/media}"
PRIVATE_MEDIA_ROOT="${PRIVATE_MEDIA_ROOT:-$ROOT/private_media}"

(cd "$SRC" && sha256sum --check --quiet SHA256SUMS)  # refuse a damaged or tampered backup

tables="$(psql "$DATABASE_URL" -tAc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
if [ "$tables" != "0" ] && [ "$FORCE" != "--force" ]; then
  echo "restore.sh: the target database has $tables tables; restore into an empty database or pass --force" >&2
  exit 3
fi

pg_restore --no-owner --no-privileges --clean --if-exists --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$SRC/database.dump"

for name in media private_media; do
  [ -f "$SRC/$name.tar.gz" ] || continue
  target="$MEDIA_ROOT"; [ "$name" = private_media ] && target="$PRIVATE_MEDIA_ROOT"
  mkdir -p "$target"
  tar -C "$target" --no-same-owner -xzf "$SRC/$name.tar.gz"
done
echo "restored $SRC"
