#!/usr/bin/env bash
# Installs Debian's Chromium at /usr/bin/chromium for the editor tests (test/e2e/editor.test.ts),
# which drive it with playwright-core. Does nothing when it is already there.
#
#   scripts/e2e/install-chromium.sh
#
# Needs root (or sudo) and apt. The tests themselves never install it: without it they skip.
set -euo pipefail

log() { echo "[install-chromium] $*" >&2; }

if [[ -x /usr/bin/chromium ]]; then
	log "already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
	exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
	log "apt-get not found: install Chromium with your system's package manager (/usr/bin/chromium)"
	exit 1
fi

as_root=()
if [[ "$(id -u)" != 0 ]]; then
	if ! command -v sudo >/dev/null 2>&1; then
		log "run as root or install sudo"
		exit 1
	fi
	as_root=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update
"${as_root[@]}" apt-get install -y --no-install-recommends chromium fonts-liberation
log "installed: $(/usr/bin/chromium --version)"
