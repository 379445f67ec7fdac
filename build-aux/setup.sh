#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Shared set-up for build-aux/run and build-aux/test: installs the Debian 12
# packages that are missing (with sudo when not root), then configures and
# builds the project with meson into _build. Sourced, not run.

EOC_SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EOC_BUILD_DIR=${EOC_BUILD_DIR:-$EOC_SOURCE_DIR/_build}

# What the build, the tests and the run need, by Debian package name.
EOC_PACKAGES=(
  # Build.
  gcc pkg-config meson ninja-build gettext
  libglib2.0-dev libglib2.0-bin libsoup-3.0-dev libjson-glib-dev libsqlite3-dev libarchive-dev
  libgtk-4-dev libadwaita-1-dev libsecret-1-dev
  # Validating data files.
  desktop-file-utils appstream
  # Tests: a display, a session bus, a keyring, and tools the tests call.
  xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools at-spi2-core
  curl sqlite3 zip unzip python3 nodejs npm
  # The security tests: zlib for zip bombs, openssl for a test certificate, TLS for GIO.
  zlib1g-dev openssl glib-networking
)

eoc_install_packages () {
  local missing=()
  local pkg
  for pkg in "${EOC_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  # npm from Debian conflicts with a Node.js installed another way; any npm will do.
  if command -v npm >/dev/null 2>&1; then
    local filtered=()
    for pkg in "${missing[@]}"; do
      case "$pkg" in nodejs|npm) ;; *) filtered+=("$pkg") ;; esac
    done
    missing=("${filtered[@]}")
  fi
  [ ${#missing[@]} -eq 0 ] && return 0

  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  echo "Installing missing packages: ${missing[*]}" >&2
  "${sudo[@]}" apt-get update -qq || return 1
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >&2 || return 1
}

# eoc_build [meson setup options...]
eoc_build () {
  if [ -f "$EOC_BUILD_DIR/build.ninja" ]; then
    meson configure "$EOC_BUILD_DIR" "$@" >/dev/null || return 1
  else
    meson setup "$EOC_BUILD_DIR" "$EOC_SOURCE_DIR" "$@" || return 1
  fi
  meson compile -C "$EOC_BUILD_DIR"
}

# The Node.js tools the tests use (the OpenAPI validator), into
# build-aux/node_modules from the committed lock file, when missing or older.
eoc_install_node_modules () {
  local dir="$EOC_SOURCE_DIR/build-aux"
  if [ -d "$dir/node_modules" ] && [ ! "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
    return 0
  fi
  echo "Installing the Node.js test tools into $dir/node_modules" >&2
  npm ci --prefix "$dir" --no-audit --no-fund >&2 || return 1
}
