#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks po/POTFILES.in against the source tree: every file with translatable strings is
# listed, every listed file exists, and the list is sorted without duplicates.
#
# Usage: check-potfiles.sh SOURCE_ROOT

set -eu

cd "${1:?usage: check-potfiles.sh SOURCE_ROOT}"
export LC_ALL=C

potfiles=po/POTFILES.in
status=0

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The listed files: everything but comments and blank lines, surrounding spaces removed.
sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$potfiles" \
  | grep -v '^$' >"$tmp/listed" || true

if ! sort -C -u "$tmp/listed"; then
  echo "$potfiles is not sorted (LC_ALL=C) or has duplicates; expected order:" >&2
  sort -u "$tmp/listed" | sed 's/^/  /' >&2
  status=1
fi

while IFS= read -r file; do
  if [ ! -f "$file" ]; then
    echo "$potfiles lists $file, which does not exist" >&2
    status=1
  fi
done <"$tmp/listed"

# Files that need translating: C and UI sources with gettext calls or translatable properties
# (comments are not told apart), and the data files that carry user-visible text.
{
  if [ -d src ]; then
    grep -rlIE \
      -e '(^|[^[:alnum:]_])(_|N_|C_|NC_|Q_|g_dngettext|g_dpgettext2?|ngettext)[[:space:]]*\(' \
      -e "translatable=(\"yes\"|'yes')" \
      src || true
  fi
  find data -type f \( -name '*.desktop.in' -o -name '*.metainfo.xml.in' \
    -o -name '*.gschema.xml' -o -name '*.mime.xml' \) -print
} | sed 's|^\./||' | sort -u >"$tmp/needed"

comm -23 "$tmp/needed" "$tmp/listed" >"$tmp/missing"
if [ -s "$tmp/missing" ]; then
  echo "Files with translatable strings missing from $potfiles:" >&2
  sed 's/^/  /' "$tmp/missing" >&2
  status=1
fi

if [ "$status" -eq 0 ]; then
  echo "$potfiles lists all $(wc -l <"$tmp/needed") files with translatable strings"
fi
exit "$status"
