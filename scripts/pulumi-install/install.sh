#!/usr/bin/env bash
# Puts the Pulumi CLI, the plugins it needs and the SDK generator into <repo>/.tools/bin:
#
#   pulumi                         the CLI/engine
#   pulumi-language-nodejs         the Node.js language host
#   pulumi-resource-pulumi-nodejs  the dynamic-provider launcher (a shell script)
#   pulumi-language-yaml           the Pulumi YAML language host (github.com/pulumi/pulumi-yaml)
#   msads-gen-sdk                  writes the Node.js/Python SDK of a package schema
#
# Either reuses a CLI already on PATH (symlinks) or builds one with Go from the
# wrapper module in this directory (go.mod/go.sum pin the version). The YAML
# host is reused from PATH in the same way, else built from the wrapper module
# in yaml/; msads-gen-sdk is always built (module gen-sdk/), so Go is needed
# even when pulumi is reused. Builds use the normal Go module and build caches
# (GOMODCACHE, GOCACHE) and leave one stamp per module so that a re-run with
# the same inputs skips the build.
#
# Usage: scripts/pulumi-install/install.sh [--from-source] [--force]
#   --from-source  ignore any pulumi on PATH and build (env: PULUMI_INSTALL_FROM_SOURCE=1)
#   --force        rebuild even if the stamp says the binaries are current
#                  (env: PULUMI_INSTALL_FORCE=1)
# Env: PULUMI_INSTALL_BIN_DIR overrides the target directory (default <repo>/.tools/bin).
#
# Then run pulumi with the bin dir first on PATH, e.g.
#   PATH="$PWD/.tools/bin:$PATH" pulumi version
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/../.." && pwd)
bin_dir=${PULUMI_INSTALL_BIN_DIR:-$repo_root/.tools/bin}
from_source=${PULUMI_INSTALL_FROM_SOURCE:-0}
force=${PULUMI_INSTALL_FORCE:-0}

for arg in "$@"; do
  case $arg in
    --from-source) from_source=1 ;;
    --force) force=1 ;;
    -h | --help)
      sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "pulumi-install: unknown argument: $arg (try --help)" >&2
      exit 2
      ;;
  esac
done

log() { printf 'pulumi-install: %s\n' "$*"; }
die() {
  printf 'pulumi-install: ERROR: %s\n' "$*" >&2
  exit 1
}

# Reads the version that module file $1 requires of module $2.
required_version() {
  awk -v mod="$2" '$1 == mod { print $2; exit } $1 == "require" && $2 == mod { print $3; exit }' "$1"
}

# The pinned versions are requirements in the wrapper modules' go.mod files (single source of truth).
version=$(required_version "$script_dir/go.mod" github.com/pulumi/pulumi/pkg/v3)
[[ -n $version ]] || die "cannot read the github.com/pulumi/pulumi/pkg/v3 version from $script_dir/go.mod"
yaml_module_dir=$script_dir/yaml
yaml_version=$(required_version "$yaml_module_dir/go.mod" github.com/pulumi/pulumi-yaml)
[[ -n $yaml_version ]] || die "cannot read the github.com/pulumi/pulumi-yaml version from $yaml_module_dir/go.mod"
gen_module_dir=$script_dir/gen-sdk
gen_codegen_version=$(required_version "$gen_module_dir/go.mod" github.com/pulumi/pulumi/pkg/v3)
[[ -n $gen_codegen_version ]] || die "cannot read the github.com/pulumi/pulumi/pkg/v3 version from $gen_module_dir/go.mod"

mkdir -p "$bin_dir"
bin_dir=$(cd "$bin_dir" && pwd)
stamp="$bin_dir/.pulumi-install.stamp"
yaml_stamp="$bin_dir/.pulumi-language-yaml.stamp"
gen_stamp="$bin_dir/.msads-gen-sdk.stamp"
shim_src="$script_dir/pulumi-resource-pulumi-nodejs"

install_shim() {
  install -m 0755 "$shim_src" "$bin_dir/pulumi-resource-pulumi-nodejs"
}

# Looks a command up on PATH, skipping $bin_dir (which may already be on PATH).
lookup_outside_bin_dir() {
  local name=$1 dir
  local IFS=:
  for dir in $PATH; do
    [[ -n $dir ]] || dir=.
    [[ -d $dir ]] || continue
    [[ $(cd "$dir" && pwd -P) == "$(cd "$bin_dir" && pwd -P)" ]] && continue
    if [[ -f $dir/$name && -x $dir/$name ]]; then
      printf '%s\n' "$dir/$name"
      return 0
    fi
  done
  return 1
}

# Finds plugin $2 next to the (symlink-resolved or not) pulumi $1, else on PATH.
lookup_plugin_near() {
  local cli=$1 name=$2 real
  real=$(readlink -f "$cli")
  if [[ -x $(dirname "$real")/$name ]]; then
    printf '%s\n' "$(dirname "$real")/$name"
  elif [[ -x $(dirname "$cli")/$name ]]; then
    printf '%s\n' "$(dirname "$cli")/$name"
  else
    lookup_outside_bin_dir "$name"
  fi
}

go_bin=""
find_go() {
  [[ -n $go_bin ]] && return 0
  go_bin=$(command -v go || true)
  if [[ -z $go_bin && -x /usr/local/go/bin/go ]]; then
    go_bin=/usr/local/go/bin/go
  fi
  [[ -n $go_bin ]] || die "no Go toolchain found; $1 needs one (install Go >= the go line of $script_dir/go.mod)"
  log "building with $("$go_bin" version); GOMODCACHE=$("$go_bin" env GOMODCACHE) GOCACHE=$("$go_bin" env GOCACHE)"
}

# The version of module $2 that the Go binary $1 was built with ("" when unknown).
embedded_module_version() {
  local out
  if [[ -z $go_bin ]]; then
    go_bin=$(command -v go || true)
    [[ -n $go_bin || ! -x /usr/local/go/bin/go ]] || go_bin=/usr/local/go/bin/go
  fi
  [[ -n $go_bin ]] || return 0
  out=$("$go_bin" version -m "$1" 2>/dev/null) || return 0
  awk -v mod="$2" '($1 == "mod" || $1 == "dep") && $2 == mod { print $3; exit }' <<<"$out"
}

report() {
  log "installed into $bin_dir:"
  local f
  for f in pulumi pulumi-language-nodejs pulumi-resource-pulumi-nodejs pulumi-language-yaml msads-gen-sdk; do
    if [[ -L $bin_dir/$f ]]; then
      log "  $f -> $(readlink "$bin_dir/$f")"
    else
      log "  $f ($(du -h "$bin_dir/$f" | cut -f1))"
    fi
  done
  local cli_version host_version yaml_host_version
  cli_version=$(PULUMI_SKIP_UPDATE_CHECK=true "$bin_dir/pulumi" version 2>&1) ||
    die "$bin_dir/pulumi version failed: $cli_version"
  host_version=$("$bin_dir/pulumi-language-nodejs" -version 2>&1) ||
    die "$bin_dir/pulumi-language-nodejs -version failed: $host_version"
  # pulumi-language-yaml has no version flag: the version comes from the binary's Go build information.
  yaml_host_version=$(embedded_module_version "$bin_dir/pulumi-language-yaml" github.com/pulumi/pulumi-yaml)
  log "pulumi version: $cli_version"
  log "pulumi-language-nodejs version: $host_version"
  log "pulumi-language-yaml version: ${yaml_host_version:-unknown (no Go toolchain to read its build information)}"
  log "msads-gen-sdk: code generators of github.com/pulumi/pulumi/pkg/v3 $gen_codegen_version"
  if [[ $cli_version != "$version" ]]; then
    log "note: pinned pulumi version is $version"
  fi
  if [[ -n $yaml_host_version && $yaml_host_version != "$yaml_version" ]]; then
    log "note: pinned pulumi-language-yaml version is $yaml_version"
  fi
  log "use it with: export PATH=\"$bin_dir:\$PATH\""
}

sha256() {
  if command -v sha256sum >/dev/null; then sha256sum "$@"; else shasum -a 256 "$@"; fi
}

# Hash of everything that determines the binaries of one wrapper module:
#   inputs_hash DIR VERSION SOURCES FLAG...
# (version, build flags, platform, go.mod, go.sum, the .go files under SOURCES).
# For the pulumi module this is the same hash earlier versions of this script wrote.
inputs_hash() {
  local dir=$1 pinned=$2 sources=$3
  shift 3
  (
    cd "$dir"
    {
      printf 'version=%s\nflags=%s\nplatform=%s\n' "$pinned" "$*" "$(uname -sm)"
      sha256 go.mod go.sum
      find "$sources" -type f -name '*.go' | LC_ALL=C sort | while IFS= read -r f; do sha256 "$f"; done
    } | sha256 | cut -d' ' -f1
  )
}

# Builds packages of one wrapper module into $bin_dir unless its stamp says they are current.
#   build_module DIR SOURCES STAMP LABEL VERSION "NAMES" LDFLAGS PACKAGE...
# NAMES are the executables the packages produce; they replace the files (or symlinks) in $bin_dir.
build_module() {
  local dir=$1 sources=$2 stamp_file=$3 label=$4 pinned=$5 names=$6 ldflags=$7
  shift 7
  local flags=(-trimpath -buildvcs=false -ldflags "$ldflags")
  local want name current=1
  want=$(inputs_hash "$dir" "$pinned" "$sources" "${flags[@]}")
  for name in $names; do
    [[ -x $bin_dir/$name && ! -L $bin_dir/$name ]] || current=0
  done
  if [[ $force != 1 && $current == 1 && -f $stamp_file && $(cat "$stamp_file") == "$want" ]]; then
    log "$names ($label) already built in $bin_dir (stamp matches); skipping the build"
    return 0
  fi
  find_go "building $names"
  log "building $names ($label) from $dir"
  [[ -z ${BUILD_NOTE:-} ]] || log "  ($BUILD_NOTE)"
  local tmp_out start
  tmp_out=$(mktemp -d "$bin_dir/.build.XXXXXX")
  start=$(date +%s)
  if ! (cd "$dir" && "$go_bin" build "${flags[@]}" -o "$tmp_out/" "$@"); then
    rm -rf "$tmp_out"
    die "go build failed (see the output above); $names in $bin_dir were not changed"
  fi
  log "build of $names took $(($(date +%s) - start))s"
  rm -f "$stamp_file"
  for name in $names; do
    [[ -x $tmp_out/$name ]] || {
      rm -rf "$tmp_out"
      die "go build did not produce $name"
    }
    rm -f "$bin_dir/$name"
    mv "$tmp_out/$name" "$bin_dir/$name"
  done
  rm -rf "$tmp_out"
  printf '%s\n' "$want" >"$stamp_file"
}

build_pulumi() {
  BUILD_NOTE="a cold build downloads ~270 MB of modules and takes several minutes; later builds reuse the caches" \
    build_module "$script_dir" cmd "$stamp" "pulumi $version" "$version" "pulumi pulumi-language-nodejs" \
    "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi ./cmd/pulumi-language-nodejs
}

build_yaml_host() {
  # Stamped like pulumi-yaml's own release builds, which report it to the engine (GetPluginInfo).
  build_module "$yaml_module_dir" . "$yaml_stamp" "pulumi-yaml $yaml_version" "$yaml_version" pulumi-language-yaml \
    "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=${yaml_version#v}" \
    github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
}

build_gen_sdk() {
  build_module "$gen_module_dir" . "$gen_stamp" "codegen $gen_codegen_version" "$gen_codegen_version" msads-gen-sdk \
    "-s -w" ./cmd/msads-gen-sdk
}

# --- 1. The CLI and the Node.js host: reuse an installed CLI, else build ------
reused_cli=""
if [[ $from_source != 1 ]] && existing=$(lookup_outside_bin_dir pulumi); then
  if host=$(lookup_plugin_near "$existing" pulumi-language-nodejs); then
    log "reusing the pulumi on PATH: $existing (language host: $host)"
    ln -sfn "$existing" "$bin_dir/pulumi"
    ln -sfn "$host" "$bin_dir/pulumi-language-nodejs"
    rm -f "$stamp" # the stamp only describes binaries built here
    reused_cli=$existing
  else
    log "found $existing but no pulumi-language-nodejs next to it or on PATH; building instead"
  fi
fi
[[ -n $reused_cli ]] || build_pulumi
install_shim

# --- 2. The YAML host: reuse one beside a reused CLI or on PATH, else build ----
if [[ -n $reused_cli ]] && yaml_host=$(lookup_plugin_near "$reused_cli" pulumi-language-yaml); then
  log "reusing pulumi-language-yaml: $yaml_host"
  ln -sfn "$yaml_host" "$bin_dir/pulumi-language-yaml"
  rm -f "$yaml_stamp"
else
  build_yaml_host
fi

# --- 3. The SDK generator: always built here ----------------------------------
build_gen_sdk

report
