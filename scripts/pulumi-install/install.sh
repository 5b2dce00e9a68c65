#!/usr/bin/env bash
# Puts the Pulumi CLI and the two Node.js plugins it needs into <repo>/.tools/bin:
#
#   pulumi                         the CLI/engine
#   pulumi-language-nodejs         the Node.js language host
#   pulumi-resource-pulumi-nodejs  the dynamic-provider launcher (a shell script)
#
# Either reuses a CLI already on PATH (symlinks) or builds one with Go from the
# wrapper module in this directory (go.mod/go.sum pin the version). Builds use
# the normal Go module and build caches (GOMODCACHE, GOCACHE) and leave a stamp
# so that a re-run with the same inputs skips the build.
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

# The pinned version is the pkg/v3 requirement in go.mod (single source of truth).
version=$(awk '$1 == "github.com/pulumi/pulumi/pkg/v3" { print $2; exit }' "$script_dir/go.mod")
[[ -n $version ]] || die "cannot read the github.com/pulumi/pulumi/pkg/v3 version from $script_dir/go.mod"

mkdir -p "$bin_dir"
bin_dir=$(cd "$bin_dir" && pwd)
stamp="$bin_dir/.pulumi-install.stamp"
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

report() {
  log "installed into $bin_dir:"
  local f
  for f in pulumi pulumi-language-nodejs pulumi-resource-pulumi-nodejs; do
    if [[ -L $bin_dir/$f ]]; then
      log "  $f -> $(readlink "$bin_dir/$f")"
    else
      log "  $f ($(du -h "$bin_dir/$f" | cut -f1))"
    fi
  done
  local cli_version host_version
  cli_version=$(PULUMI_SKIP_UPDATE_CHECK=true "$bin_dir/pulumi" version 2>&1) ||
    die "$bin_dir/pulumi version failed: $cli_version"
  host_version=$("$bin_dir/pulumi-language-nodejs" -version 2>&1) ||
    die "$bin_dir/pulumi-language-nodejs -version failed: $host_version"
  log "pulumi version: $cli_version"
  log "pulumi-language-nodejs version: $host_version"
  if [[ $cli_version != "$version" ]]; then
    log "note: pinned version is $version"
  fi
  log "use it with: export PATH=\"$bin_dir:\$PATH\""
}

# --- 1. Reuse an installed CLI --------------------------------------------------
if [[ $from_source != 1 ]] && existing=$(lookup_outside_bin_dir pulumi); then
  existing_real=$(readlink -f "$existing")
  host=""
  if [[ -x $(dirname "$existing_real")/pulumi-language-nodejs ]]; then
    host=$(dirname "$existing_real")/pulumi-language-nodejs
  elif [[ -x $(dirname "$existing")/pulumi-language-nodejs ]]; then
    host=$(dirname "$existing")/pulumi-language-nodejs
  elif found=$(lookup_outside_bin_dir pulumi-language-nodejs); then
    host=$found
  fi
  if [[ -n $host ]]; then
    log "reusing the pulumi on PATH: $existing (language host: $host)"
    ln -sfn "$existing" "$bin_dir/pulumi"
    ln -sfn "$host" "$bin_dir/pulumi-language-nodejs"
    install_shim
    rm -f "$stamp" # the stamp only describes binaries built here
    report
    exit 0
  fi
  log "found $existing but no pulumi-language-nodejs next to it or on PATH; building instead"
fi

# --- 2. Build from the pinned wrapper module -----------------------------------
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version"
build_flags=(-trimpath -buildvcs=false -ldflags "$ldflags")

sha256() {
  if command -v sha256sum >/dev/null; then sha256sum "$@"; else shasum -a 256 "$@"; fi
}

# Everything that determines the binaries: version, flags, platform, module files, host sources.
inputs_hash() {
  (
    cd "$script_dir"
    {
      printf 'version=%s\nflags=%s\nplatform=%s\n' "$version" "${build_flags[*]}" "$(uname -sm)"
      sha256 go.mod go.sum
      find cmd -type f -name '*.go' | LC_ALL=C sort | while IFS= read -r f; do sha256 "$f"; done
    } | sha256 | cut -d' ' -f1
  )
}
want_stamp="$(inputs_hash)"

if [[ $force != 1 && -f $stamp && $(cat "$stamp") == "$want_stamp" ]] &&
  [[ -x $bin_dir/pulumi && ! -L $bin_dir/pulumi && -x $bin_dir/pulumi-language-nodejs ]]; then
  log "pulumi $version already built in $bin_dir (stamp matches); skipping the build"
  install_shim
  report
  exit 0
fi

go_bin=$(command -v go || true)
if [[ -z $go_bin && -x /usr/local/go/bin/go ]]; then
  go_bin=/usr/local/go/bin/go
fi
[[ -n $go_bin ]] || die "no pulumi on PATH and no Go toolchain found; install Go (see the go directive in $script_dir/go.mod) or put pulumi and pulumi-language-nodejs on PATH"

log "building pulumi $version and pulumi-language-nodejs with $("$go_bin" version)"
log "  GOMODCACHE=$("$go_bin" env GOMODCACHE) GOCACHE=$("$go_bin" env GOCACHE)"
log "  (a cold build downloads ~270 MB of modules and takes several minutes; later builds reuse the caches)"

tmp_out=$(mktemp -d "$bin_dir/.build.XXXXXX")
trap 'rm -rf "$tmp_out"' EXIT

start=$(date +%s)
if ! (cd "$script_dir" && "$go_bin" build "${build_flags[@]}" -o "$tmp_out/" \
  github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
  ./cmd/pulumi-language-nodejs); then
  die "go build failed (see the output above); nothing in $bin_dir was changed"
fi
log "build took $(($(date +%s) - start))s"

rm -f "$stamp"
for f in pulumi pulumi-language-nodejs; do
  [[ -x $tmp_out/$f ]] || die "go build did not produce $f"
  rm -f "$bin_dir/$f"
  mv "$tmp_out/$f" "$bin_dir/$f"
done
install_shim
printf '%s\n' "$want_stamp" >"$stamp"
report
