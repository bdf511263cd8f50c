#!/bin/sh
# Download Debian packages (.deb files only, nothing is installed) into a cache directory.
#
#   fetch_debs.sh CACHE_DIR PACKAGE...
#
# A package whose PACKAGE_*.deb is already in CACHE_DIR is not downloaded again. Uses
# `apt-get download`; if that fails, runs `apt-get update` once (needs root) and retries.
# Exit status: 0 = every package is in the cache; 2 = a download failed (no network / no mirror).
set -u

if [ $# -lt 2 ]; then
    echo "usage: $0 CACHE_DIR PACKAGE..." >&2
    exit 64
fi
cache=$1
shift
mkdir -p "$cache" || exit 2

missing=""
for p in "$@"; do
    found=""
    for f in "$cache/${p}_"*.deb; do
        [ -f "$f" ] && found=1
    done
    [ -n "$found" ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "fetch_debs.sh: apt-get not found; cannot download:$missing" >&2
    exit 2
fi

download() {
    # Download into a temporary directory, then move, so an interrupted run leaves no partial .deb.
    tmp=$(mktemp -d "$cache/.dl.XXXXXX") || return 1
    # APT::Sandbox::User=root: the _apt user may not be able to write to a cache under $HOME.
    (cd "$tmp" && apt-get -q -o APT::Sandbox::User=root download $missing) >"$cache/.dl.log" 2>&1
    rc=$?
    if [ $rc -eq 0 ]; then
        mv "$tmp"/*.deb "$cache"/ || rc=1
    fi
    rm -rf "$tmp"
    return $rc
}

if ! download; then
    echo "fetch_debs.sh: apt-get download failed; running apt-get update and retrying" >&2
    if [ "$(id -u)" = 0 ]; then
        apt-get -q update >/dev/null 2>&1
    fi
    if ! download; then
        echo "fetch_debs.sh: cannot download Debian packages:$missing" >&2
        echo "fetch_debs.sh: is the network (Debian mirror) unavailable? apt-get said:" >&2
        { grep '^E:' "$cache/.dl.log" || tail -n 5 "$cache/.dl.log"; } 2>/dev/null | head -n 5 | sed 's/^/    /' >&2
        rm -f "$cache/.dl.log"
        echo "fetch_debs.sh: put the .deb files in $cache by hand, or skip the 'network' tests (ctest -LE network)" >&2
        exit 2
    fi
fi
rm -f "$cache/.dl.log"
exit 0
