#!/bin/sh
# Installs the Debian packages listed in the given files that are not installed yet.
# Runs apt-get only when something is missing; uses sudo when not root.
set -eu
missing=""
for list in "$@"; do
    for pkg in $(grep -v '^\s*#' "$list" | sed '/^\s*$/d'); do
        status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
        case "$status" in
            *"install ok installed"*) ;;
            *) missing="$missing $pkg" ;;
        esac
    done
done
[ -z "$missing" ] && exit 0
echo "Installing Debian packages:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
