#!/usr/bin/env bash
# Installs, where missing, the servers n8n's queue mode needs for the queue-mode tests: Redis
# (the job queue) and PostgreSQL 15 (the database the main and the workers share), both from
# Debian's packages. Idempotent: a machine that has them already installs nothing and needs no
# network. Prints the two server binaries, one a line: redis-server, then postgres.
#
#   scripts/e2e/install-queue-services.sh
#
# The tests start their own instances on free loopback ports with data in a temporary folder
# (test/queue/services.ts); nothing here starts or configures a server. Debian's packages may
# start their own system instances (6379, 5432) on install; the tests never use those.
set -euo pipefail

log() { echo "[install-queue-services] $*" >&2; }

postgres_major=15
postgres_bin_dir="/usr/lib/postgresql/$postgres_major/bin"

missing=()
command -v redis-server >/dev/null 2>&1 || [[ -x /usr/bin/redis-server ]] || missing+=(redis-server)
[[ -x "$postgres_bin_dir/postgres" && -x "$postgres_bin_dir/initdb" ]] || missing+=("postgresql-$postgres_major")

if ((${#missing[@]} > 0)); then
	as_root=()
	if ((EUID != 0)); then
		if ! command -v sudo >/dev/null 2>&1; then
			log "missing ${missing[*]}; run as root or install them: apt-get install ${missing[*]}"
			exit 1
		fi
		as_root=(sudo -n)
	fi
	log "installing ${missing[*]} from Debian's packages"
	# A lock held by another apt run is waited for rather than failed on.
	apt_options=(-o DPkg::Lock::Timeout=600 -y -q --no-install-recommends)
	"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -q update >&2
	"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install "${apt_options[@]}" "${missing[@]}" >&2
fi

redis_server="$(command -v redis-server || echo /usr/bin/redis-server)"
"$redis_server" --version >&2
"$postgres_bin_dir/postgres" --version >&2
echo "$redis_server"
echo "$postgres_bin_dir/postgres"
