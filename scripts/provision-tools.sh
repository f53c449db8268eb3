#!/usr/bin/env bash
# Debian tools the differential tests compare against: systemd-analyze (package systemd) and
# sysctl (package procps). Installed only when missing; idempotent.
set -euo pipefail
need=()
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
command -v sysctl >/dev/null 2>&1 || [ -x /usr/sbin/sysctl ] || [ -x /sbin/sysctl ] || need+=(procps)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} for the differential tests"
  sudo_=""; [ "$(id -u)" = 0 ] || sudo_=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo_ apt-get update -q >/dev/null
  $sudo_ apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi
