#!/usr/bin/env bash
# npm run test:e2e: the real Pulumi engine (preview with the policy pack, up, a second up, destroy) against a
# throwaway etcd + kube-apiserver on 127.0.0.1. See tools/e2e/README.md.
#
# 1. Builds the tools, or reuses them from the cache (tools/build.sh; the only step that uses the network: the Go
#    module proxy).
# 2. Runs tools/e2e/cluster.sh, which starts the control plane, runs the scenario (tools/e2e/scenario.ts) and always
#    stops the servers and removes its temporary directory. Where the kernel allows it (root, as in CI) that runs in
#    a new network namespace that has nothing but loopback, so no step after the build can reach the network.
#
# Environment: ES_CACHE_DIR (tool cache, default $HOME/.cache/ecommerce-security); ES_E2E_KEEP=1 keeps the temporary
# directory (state, logs, kubeconfig) for debugging; ES_E2E_NO_NETNS=1 runs without the network namespace.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo_root"

log() { printf '[e2e] %s\n' "$*" >&2; }
die() { printf '[e2e] error: %s\n' "$*" >&2; exit 1; }

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
[ "$node_major" -ge 22 ] || die "Node.js 22 or newer is required on PATH (found '$(node --version 2>/dev/null || echo none)')"
[ -x node_modules/.bin/tsx ] || die "node_modules/.bin/tsx is missing; run npm ci first"
[ -d policy/node_modules ] || [ -d node_modules/@pulumi/policy ] || die "the policy pack's dependencies are missing; run npm ci first"
for tool in openssl curl; do command -v "$tool" >/dev/null || die "$tool is required on PATH"; done

build_start=$SECONDS
bin_dir=$(bash tools/build.sh --print-bin-dir)
# Helm renders the stack's releases offline (the scenario's expectation) and in the policy pack at preview.
ES_HELM=$(bash tools/build-helm.sh --print-path)
export ES_HELM
build_seconds=$((SECONDS - build_start))
log "tools ready in ${build_seconds}s ($bin_dir, $ES_HELM)"

export ES_E2E_BIN_DIR=$bin_dir ES_E2E_BUILD_SECONDS=$build_seconds
if [ "${ES_E2E_NO_NETNS:-}" != 1 ] && unshare --net true 2>/dev/null; then
  log "running the control plane and the scenario in a network namespace with loopback only"
  ES_E2E_IN_NETNS=1 exec unshare --net bash tools/e2e/cluster.sh
fi
log "warning: no network namespace (not root, or ES_E2E_NO_NETNS=1): isolation relies on the settings alone"
exec bash tools/e2e/cluster.sh
