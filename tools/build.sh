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
#   pulumi-resource-tls         our TLS provider stand-in         tools/go/providers (cmd/pulumi-resource-tls)
#   pulumi-resource-random      our random provider stand-in      tools/go/providers (cmd/pulumi-resource-random)
#
# Each tool is rebuilt only when its own inputs change (tool_hash): its wrapper module's go.mod and go.sum and the
# non-test .go files of its paths in the module, its recipe (the source of its recipe function and of the helpers it
# uses, its pinned versions, the Go environment below) and `go version`. Editing one tool's recipe, or adding a tool,
# rebuilds nothing else. Everything else comes from the Go module proxy.
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
# The versions our TLS and random stand-ins report: the engine asks for the plugin at the exact @pulumi/tls and
# @pulumi/random versions in package.json (checked below).
tls_provider_version=5.6.1
random_provider_version=4.21.2

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

# check_sdk_pin <npm package> <version built>: the SDK in package.json asks the engine for exactly this version.
check_sdk_pin() {
  local package=$1 built=$2 pinned
  pinned=$(sed -n "s/^ *\"${package//\//\\/}\": *\"\([^\"]*\)\".*/\1/p" "$repo_root/package.json" | head -n1)
  [ "$pinned" = "$built" ] || die "package.json pins $package to '$pinned' but tools/build.sh builds its provider at $built; pin the same exact version in both (npm install --save-exact $package@$built, or change the version in tools/build.sh)"
}

# module_files <module dir> [paths...]: sha256 lines of the module's go.mod and go.sum and of the non-test .go files
# under the paths (default: the whole module).
module_files() {
  local dir=$1; shift
  (
    cd "$dir"
    { printf '%s\0' go.mod go.sum; find "${@:-.}" -type f -name '*.go' ! -name '*_test.go' -print0; } \
      | LC_ALL=C sort -zu | xargs -0 sha256sum
  )
}

# recipe_hash <recipe function> <pins...>: what decides how a tool is built from its sources: the recipe's source
# and of the helpers recipes use (go_build, module_version), the pinned versions it stamps, and the Go environment.
recipe_hash() {
  local recipe=$1; shift
  {
    declare -f "$recipe" go_build module_version
    printf 'pin %s\n' "$@"
    printf 'GOFLAGS=%s CGO_ENABLED=%s\n' "$GOFLAGS" "$CGO_ENABLED"
  } | sha256sum | cut -c1-16
}

# tool_hash <module dir> <recipe hash> [paths...]: the stamp of a tool.
tool_hash() {
  local dir=$1 recipe=$2; shift 2
  { module_files "$dir" "$@"; printf 'recipe %s\n' "$recipe"; go version; } | sha256sum | cut -c1-16
}

# Migration from the previous scheme, where every stamp hashed the module's go.mod, go.sum and .go files, the whole
# build.sh and `go version`. A stamp written by the last build.sh of that scheme (its sha256 below) is adopted
# without a rebuild when the tool's recipe is still the one that build.sh ran (its recipe hash as recorded at the
# migration, below): same sources, same commands, same Go. Any later change to a recipe no longer matches and
# rebuilds as usual. Remove this once no cache holds such stamps.
legacy_build_sh_sha256=478133312f3ce6e2496bb6cca720edeedb916fff1465e237397b9cedef6a7b73
declare -A legacy_recipes=(
  [pulumi]=228eb45fd572c788
  [kubernetes-provider]=1d7d55c121212c01
  [etcd]=3a69342d5409aff6
  [kubernetes]=99dc248c2146ac9e
)
legacy_hash() {
  (
    cd "$1"
    find . -type f \( -name go.mod -o -name go.sum -o -name '*.go' \) -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    printf '%s\n' "$legacy_build_sh_sha256"
    go version
  ) | sha256sum | cut -c1-16
}

# module_version <module dir> <module path>: the version the wrapper module selects.
module_version() {
  (cd "$1" && go list -m -f '{{.Version}}' "$2")
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

# tool <name> <module dir> <recipe function> "<pins...>" "<binaries...>" [paths...]: runs the recipe with the module
# dir unless the stamp says the binaries were built from the same inputs.
tool() {
  local name=$1 dir=$2 recipe=$3 pins=$4 binaries=$5; shift 5
  local rhash hash b present=true
  # shellcheck disable=SC2086 # pins and binaries are space-separated lists
  rhash=$(recipe_hash "$recipe" $pins)
  hash=$(tool_hash "$dir" "$rhash" "$@")
  for b in $binaries; do [ -x "$bin_dir/$b" ] || present=false; done
  local stamp=
  [ -f "$stamp_dir/$name" ] && stamp=$(cat "$stamp_dir/$name")
  if $present && [ "$stamp" = "$hash" ]; then log "$name: cached"; return; fi
  if $present && [ -n "$stamp" ] && [ "${legacy_recipes[$name]:-}" = "$rhash" ] && [ "$stamp" = "$(legacy_hash "$dir")" ]; then
    log "$name: cached (stamp of the previous hashing scheme, same sources and recipe; stamp rewritten)"
    mark_built "$name" "$hash"
    return
  fi
  local start=$SECONDS
  "$recipe" "$dir"
  mark_built "$name" "$hash"
  log "$name ready after $((SECONDS - start))s"
}

pulumi_recipe() {
  local dir=$1 version
  version=$(module_version "$dir" github.com/pulumi/pulumi/pkg/v3)
  log "pulumi: building CLI $version and the Node.js language host"
  go_build "$dir" pulumi "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
  go_build "$dir" pulumi-language-nodejs "-X main.version=${version#v}+ecommerce-security" ./cmd/pulumi-language-nodejs
}

kubernetes_provider_recipe() {
  local dir=$1 scratch provider_dir
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
  rm -rf "$scratch"
}

etcd_recipe() {
  local dir=$1
  log "etcd: building $(module_version "$dir" go.etcd.io/etcd/server/v3)"
  go_build "$dir" etcd "" .
}

kubernetes_recipe() {
  local dir=$1 version major minor
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
}

tls_provider_recipe() {
  log "tls provider: building our stand-in, reporting $tls_provider_version"
  go_build "$1" pulumi-resource-tls "-X main.version=$tls_provider_version" ./cmd/pulumi-resource-tls
}

random_provider_recipe() {
  log "random provider: building our stand-in, reporting $random_provider_version"
  go_build "$1" pulumi-resource-random "-X main.version=$random_provider_version" ./cmd/pulumi-resource-random
}

main() {
  local print_bin_dir=false
  case "${1:-}" in
    --print-bin-dir) print_bin_dir=true ;;
    "") ;;
    *) die "unknown argument '$1'; usage: tools/build.sh [--print-bin-dir]" ;;
  esac
  check_sdk_pin @pulumi/kubernetes "$kubernetes_provider_version"
  check_sdk_pin @pulumi/tls "$tls_provider_version"
  check_sdk_pin @pulumi/random "$random_provider_version"
  mkdir -p "$bin_dir"
  local start=$SECONDS
  tool pulumi "$modules_dir/pulumi" pulumi_recipe "" "pulumi pulumi-language-nodejs"
  tool kubernetes-provider "$modules_dir/kubernetes-provider" kubernetes_provider_recipe "$kubernetes_provider_version" \
    pulumi-resource-kubernetes
  tool etcd "$modules_dir/etcd" etcd_recipe "" etcd
  tool kubernetes "$modules_dir/kubernetes" kubernetes_recipe "" "kube-apiserver kube-controller-manager"
  tool tls-provider "$modules_dir/providers" tls_provider_recipe "$tls_provider_version" pulumi-resource-tls \
    cmd/pulumi-resource-tls tls internal
  tool random-provider "$modules_dir/providers" random_provider_recipe "$random_provider_version" pulumi-resource-random \
    cmd/pulumi-resource-random random internal
  log "all tools ready in $bin_dir ($((SECONDS - start))s)"
  if $print_bin_dir; then printf '%s\n' "$bin_dir"; fi
}

main "$@"
