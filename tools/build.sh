#!/usr/bin/env bash
# Builds the tools of the real-engine e2e test (tools/e2e) from the pinned wrapper Go modules under tools/go/ and
# caches them outside the repository:
#
#   pulumi                      Pulumi CLI                        tools/go/pulumi (github.com/pulumi/pulumi/pkg/v3)
#   pulumi-language-nodejs      our Node.js language host         tools/go/pulumi/cmd/pulumi-language-nodejs
#   pulumi-resource-kubernetes  Pulumi Kubernetes provider        tools/go/kubernetes-provider
#   etcd                        etcd server                       tools/go/etcd (go.etcd.io/etcd/server/v3)
#   kube-apiserver              Kubernetes API server             tools/go/kubernetes (k8s.io/kubernetes)
#   kube-controller-manager     its namespace controller          tools/go/kubernetes
#
# Every binary is rebuilt only when the sources that determine it change: its wrapper module's go.mod, go.sum and
# .go files, plus this script (which holds the build flags). Everything else comes from the Go module proxy.
#
# Usage: tools/build.sh [--print-bin-dir]
# Environment: ES_CACHE_DIR (default $HOME/.cache/ecommerce-security) holds bin/ and the Go caches (go/mod,
# go/build); point it at an empty directory to measure a cold build.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
modules_dir=$repo_root/tools/go
cache_dir=${ES_CACHE_DIR:-$HOME/.cache/ecommerce-security}
bin_dir=$cache_dir/bin
stamp_dir=$bin_dir/.stamps

# The provider version the kubernetes wrapper module builds (its module has no tags, see its go.mod). It must equal
# the exact @pulumi/kubernetes version in package.json: the engine asks for the plugin at the SDK's version.
kubernetes_provider_version=4.25.0

export GOMODCACHE=$cache_dir/go/mod
export GOCACHE=$cache_dir/go/build
export GOPATH=$cache_dir/go/path
export GOFLAGS="-buildvcs=false -mod=readonly"
export CGO_ENABLED=0
export GOTOOLCHAIN=local
# Two cores are shared by several developers and CI: build two packages at a time, at low priority.
build_parallelism=${ES_BUILD_PARALLELISM:-2}

log() { printf '[tools/build] %s\n' "$*" >&2; }
# Scratch directories and half-written binaries to remove however the script ends.
scratch_dirs=()
trap 'rm -rf "${scratch_dirs[@]}"; rm -f "$bin_dir"/.*.tmp.$$' EXIT
die() { printf '[tools/build] error: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null || die "go is not on PATH; install Go 1.26 (the wrapper modules need go >= 1.26.0)"

check_kubernetes_sdk_pin() {
  local pinned
  pinned=$(sed -n 's/^ *"@pulumi\/kubernetes": *"\([^"]*\)".*/\1/p' "$repo_root/package.json" | head -n1)
  [ "$pinned" = "$kubernetes_provider_version" ] || die "package.json pins @pulumi/kubernetes to '$pinned' but tools/go/kubernetes-provider builds provider $kubernetes_provider_version; pin the same exact version in both (npm install --save-exact @pulumi/kubernetes@$kubernetes_provider_version)"
}

# source_hash <module dir>: what decides the binaries of that module.
source_hash() {
  (
    cd "$1"
    find . -type f \( -name go.mod -o -name go.sum -o -name '*.go' \) -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    sha256sum "$repo_root/tools/build.sh" | cut -d' ' -f1
    go version
  ) | sha256sum | cut -c1-16
}

# module_version <module dir> <module path>: the version the wrapper module selects.
module_version() {
  (cd "$1" && go list -m -f '{{.Version}}' "$2")
}

# up_to_date <name> <hash> <binaries...>
up_to_date() {
  local name=$1 hash=$2; shift 2
  [ -f "$stamp_dir/$name" ] && [ "$(cat "$stamp_dir/$name")" = "$hash" ] || return 1
  local b
  for b in "$@"; do [ -x "$bin_dir/$b" ] || return 1; done
}

mark_built() { mkdir -p "$stamp_dir"; printf '%s\n' "$2" > "$stamp_dir/$1"; }

# go_build <module dir> <output name> <ldflags> <package>: builds into a temporary file, then moves it in place so
# an interrupted build never leaves a half-written binary behind.
go_build() {
  local dir=$1 out=$2 ldflags=$3 pkg=$4
  local tmp="$bin_dir/.$out.tmp.$$"
  (cd "$dir" && nice -n 10 go build -p "$build_parallelism" -trimpath -ldflags "-s -w $ldflags" -o "$tmp" "$pkg")
  mv -f "$tmp" "$bin_dir/$out"
}

timed() {
  local name=$1; shift
  local start=$SECONDS
  "$@"
  log "$name ready after $((SECONDS - start))s"
}

build_pulumi() {
  local dir=$modules_dir/pulumi hash version
  hash=$(source_hash "$dir")
  if up_to_date pulumi "$hash" pulumi pulumi-language-nodejs; then log "pulumi: cached"; return; fi
  version=$(module_version "$dir" github.com/pulumi/pulumi/pkg/v3)
  log "pulumi: building CLI $version and the Node.js language host"
  go_build "$dir" pulumi "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
  go_build "$dir" pulumi-language-nodejs "-X main.version=${version#v}+ecommerce-security" ./cmd/pulumi-language-nodejs
  mark_built pulumi "$hash"
}

build_kubernetes_provider() {
  local dir=$modules_dir/kubernetes-provider hash scratch provider_dir
  hash=$(source_hash "$dir")
  if up_to_date kubernetes-provider "$hash" pulumi-resource-kubernetes; then log "kubernetes provider: cached"; return; fi
  log "kubernetes provider: building $kubernetes_provider_version"
  # The embedded schema files are generated into a scratch copy of the module, never into the repository.
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/es-k8s-provider.XXXXXX")
  scratch_dirs+=("$scratch")
  cp -R "$dir/." "$scratch/"
  (cd "$scratch" && go mod download github.com/pulumi/pulumi-kubernetes/provider/v4)
  provider_dir=$(cd "$scratch" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi-kubernetes/provider/v4)
  (cd "$scratch" && go run ./schemagen -from "$provider_dir/cmd/pulumi-resource-kubernetes" -to . \
    -version "$kubernetes_provider_version")
  go_build "$scratch" pulumi-resource-kubernetes \
    "-X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$kubernetes_provider_version" .
  mark_built kubernetes-provider "$hash"
  rm -rf "$scratch"
}

build_etcd() {
  local dir=$modules_dir/etcd hash
  hash=$(source_hash "$dir")
  if up_to_date etcd "$hash" etcd; then log "etcd: cached"; return; fi
  log "etcd: building $(module_version "$dir" go.etcd.io/etcd/server/v3)"
  go_build "$dir" etcd "" .
  mark_built etcd "$hash"
}

build_kubernetes() {
  local dir=$modules_dir/kubernetes hash version major minor
  hash=$(source_hash "$dir")
  if up_to_date kubernetes "$hash" kube-apiserver kube-controller-manager; then log "kubernetes: cached"; return; fi
  version=$(module_version "$dir" k8s.io/kubernetes)
  major=${version#v}; major=${major%%.*}
  minor=${version#v"$major".}; minor=${minor%%.*}
  # Without these stamps the servers report v0.0.0-master, which clients (the Pulumi provider included) reject.
  local pkg=k8s.io/component-base/version
  local stamp="-X $pkg.gitVersion=$version -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
  log "kubernetes: building kube-apiserver $version"
  go_build "$dir" kube-apiserver "$stamp" k8s.io/kubernetes/cmd/kube-apiserver
  log "kubernetes: building kube-controller-manager $version"
  go_build "$dir" kube-controller-manager "$stamp" k8s.io/kubernetes/cmd/kube-controller-manager
  mark_built kubernetes "$hash"
}

main() {
  local print_bin_dir=false
  case "${1:-}" in
    --print-bin-dir) print_bin_dir=true ;;
    "") ;;
    *) die "unknown argument '$1'; usage: tools/build.sh [--print-bin-dir]" ;;
  esac
  check_kubernetes_sdk_pin
  mkdir -p "$bin_dir"
  local start=$SECONDS
  timed pulumi build_pulumi
  timed "kubernetes provider" build_kubernetes_provider
  timed etcd build_etcd
  timed kubernetes build_kubernetes
  log "all tools ready in $bin_dir ($((SECONDS - start))s)"
  if $print_bin_dir; then printf '%s\n' "$bin_dir"; fi
}

main "$@"
