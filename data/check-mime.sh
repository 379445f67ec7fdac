#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the MIME type and the desktop file into a private data directory and checks what
# the desktop sees there: a *.eocconf file is an Env Ops Center configuration, which is a kind
# of ZIP archive, and the application is registered to open it.
#
# Usage: check-mime.sh MIME_XML DESKTOP_FILE

set -eu

mime_xml=${1:?usage: check-mime.sh MIME_XML DESKTOP_FILE}
desktop_file=${2:?usage: check-mime.sh MIME_XML DESKTOP_FILE}
type=application/x-env-ops-center-configuration
app=io.github.envops.Center.desktop

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/mime/packages" "$tmp/applications" "$tmp/bin"

fail () {
  echo "check-mime: $*" >&2
  exit 1
}

# Look only at this private directory and the system one.
export XDG_DATA_HOME="$tmp"
export XDG_DATA_DIRS=/usr/share
export XDG_CONFIG_HOME="$tmp/config"
export XDG_CONFIG_DIRS="$tmp/config"

cp "$mime_xml" "$tmp/mime/packages/io.github.envops.Center.xml"
if ! PKGSYSTEM_ENABLE_FSYNC=0 update-mime-database "$tmp/mime" >"$tmp/log" 2>&1 \
   || [ -s "$tmp/log" ]; then
  cat "$tmp/log" >&2
  fail "update-mime-database did not accept $mime_xml"
fi

grep -qx "$type application/zip" "$tmp/mime/subclasses" \
  || fail "$type is not declared a sub-class of application/zip"

# A configuration file: a ZIP archive (local file header) named like the ones the app saves.
printf 'PK\003\004\024\000\000\000\000\000' >"$tmp/production.eocconf"
cp "$tmp/production.eocconf" "$tmp/production.zip"

content_type () {
  gio info -a standard::content-type "$1" | sed -n 's/^ *standard::content-type: //p'
}

seen=$(content_type "$tmp/production.eocconf")
[ "$seen" = "$type" ] || fail "production.eocconf is seen as '$seen', not $type"
seen=$(content_type "$tmp/production.zip")
[ "$seen" = application/zip ] || fail "production.zip is seen as '$seen', not application/zip"

# GIO only registers a desktop file whose program is on the PATH.
printf '#!/bin/sh\nexit 0\n' >"$tmp/bin/eoc-center"
chmod +x "$tmp/bin/eoc-center"
cp "$desktop_file" "$tmp/applications/$app"
update-desktop-database "$tmp/applications" \
  || fail "update-desktop-database did not accept $desktop_file"
PATH="$tmp/bin:$PATH" gio mime "$type" >"$tmp/apps" 2>&1 || true
sed -n '/^Registered applications:/,/^[^[:space:]]/p' "$tmp/apps" \
  | grep -qx "[[:space:]]*$app" || {
  cat "$tmp/apps" >&2
  fail "$app is not registered for $type"
}

echo "$type: glob *.eocconf, sub-class of application/zip, opened by $app"
