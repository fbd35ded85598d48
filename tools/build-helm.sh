#!/usr/bin/env bash
# Builds the Helm CLI (helm.sh/helm/v3/cmd/helm, pinned by the wrapper module tools/go/helm) from the Go module proxy
# and caches it beside the e2e tools in $ES_CACHE_DIR/bin. The plan's --render-charts and the chart tests
# (npm run test:charts) use it when no helm 3.x is on PATH.
#
# The binary is rebuilt only when tools/go/helm (go.mod, go.sum, .go files), this script or the Go version change.
# It is a script of its own, not a step of tools/build.sh, so adding it did not change the inputs (and force a
# rebuild) of the other tools.
#
# Usage: tools/build-helm.sh [--print-path]
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
module_dir=$repo_root/tools/go/helm
cache_dir=${ES_CACHE_DIR:-$HOME/.cache/ecommerce-security}
bin_dir=$cache_dir/bin
stamp=$bin_dir/.stamps/helm

export GOMODCACHE=$cache_dir/go/mod
export GOCACHE=$cache_dir/go/build
export GOPATH=$cache_dir/go/path
export GOFLAGS="-buildvcs=false -mod=readonly"
export CGO_ENABLED=0
export GOTOOLCHAIN=local

log() { printf '[tools/build-helm] %s\n' "$*" >&2; }
die() { printf '[tools/build-helm] error: %s\n' "$*" >&2; exit 1; }

print_path=false
case "${1:-}" in
  --print-path) print_path=true ;;
  "") ;;
  *) die "unknown argument '$1'; usage: tools/build-helm.sh [--print-path]" ;;
esac

command -v go >/dev/null || die "go is not on PATH; install Go 1.26 (tools/go/helm needs go >= 1.26.0) or put a helm 3.x on PATH"

hash=$(
  cd "$module_dir"
  find . -type f \( -name go.mod -o -name go.sum -o -name '*.go' \) -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
  sha256sum "$repo_root/tools/build-helm.sh" | cut -d' ' -f1
  go version
) 
hash=$(printf '%s' "$hash" | sha256sum | cut -c1-16)

if [ -x "$bin_dir/helm" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then
  log "helm: cached"
else
  version=$(cd "$module_dir" && go list -m -f '{{.Version}}' helm.sh/helm/v3)
  log "helm: building $version"
  mkdir -p "$bin_dir" "$(dirname "$stamp")"
  tmp="$bin_dir/.helm.tmp.$$"
  trap 'rm -f "$tmp"' EXIT
  start=$SECONDS
  # helm reports its version from this variable; without it `helm version` says v3 with no patch.
  (cd "$module_dir" && nice -n 10 go build -p "${ES_BUILD_PARALLELISM:-2}" -trimpath \
    -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$version" -o "$tmp" helm.sh/helm/v3/cmd/helm)
  mv -f "$tmp" "$bin_dir/helm"
  printf '%s\n' "$hash" > "$stamp"
  log "helm: ready after $((SECONDS - start))s"
fi
if $print_path; then printf '%s\n' "$bin_dir/helm"; fi
