#!/usr/bin/env bash
# Installs, upgrades or removes the CloudVoter agent as a hardened systemd service on a fresh
# Debian 12+ / Ubuntu 22.04+ server. Run as root from a checkout of the repository.
#
#   deploy/install.sh                 install, or upgrade in place (idempotent: run it again any time)
#   deploy/install.sh upgrade         the same; says so in its messages
#   deploy/install.sh uninstall       stop and remove the service and the program; keep data and settings
#   deploy/install.sh uninstall --purge   ... and remove /var/lib/cloudvoter, /etc/cloudvoter and the user
#
# Options: --dry-run      print what would be done, change nothing
#          --no-build     use agent/target/cloudvoter-agent.jar as built (e.g. built on your laptop)
#          --root DIR     lay the files out under DIR only (no packages, user, build or systemctl): for tests
#
# What it does: installs a JDK >= 21 and Debian's chromium-headless-shell, creates the system user
# `cloudvoter`, builds the agent, copies it to /opt/cloudvoter/releases/<stamp> (the last three are
# kept; /opt/cloudvoter/current points at the running one), creates /var/lib/cloudvoter (data),
# /etc/cloudvoter/cloudvoter.env and agent.yaml from the examples (never overwritten), installs
# /etc/systemd/system/cloudvoter.service, (re)starts it, waits until it is healthy and prints the
# URL and the token.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC="$(cd "$HERE/.." && pwd)"
ACTION=install
DRY=""
BUILD=1
PURGE=""
ROOT=""

say() { printf 'install: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    install|upgrade|uninstall) ACTION="$1" ;;
    --dry-run) DRY=1 ;;
    --no-build) BUILD="" ;;
    --purge) PURGE=1 ;;
    --root) [ $# -ge 2 ] || die "--root needs a directory"; ROOT="$(mkdir -p "$2" && cd "$2" && pwd)"; shift ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (try --help)" ;;
  esac
  shift
done

OPT="$ROOT/opt/cloudvoter"
DATA="$ROOT/var/lib/cloudvoter"
ETC="$ROOT/etc/cloudvoter"
UNIT="$ROOT/etc/systemd/system/cloudvoter.service"
USER_NAME=cloudvoter
STAGED="${ROOT:+1}"     # --root: files only

# Every change goes through run, so --dry-run can show it instead.
run() {
  if [ -n "$DRY" ]; then printf '+ %s\n' "$*"; else "$@"; fi
}

need_root() {
  [ -n "$DRY" ] || [ -n "$STAGED" ] || [ "$(id -u)" = 0 ] || die "run me as root (sudo $0 $ACTION)"
}

apt_install() {
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

find_jdk() { # the newest JDK >= 21 under /usr/lib/jvm (javac present: it also builds)
  local dir major
  while IFS= read -r dir; do
    if [ ! -x "$dir/bin/java" ] || [ ! -x "$dir/bin/javac" ]; then continue; fi
    major="$(java_major "$dir/bin/java")"
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then echo "$dir"; return 0; fi
  done < <(find /usr/lib/jvm -mindepth 1 -maxdepth 1 \( -type d -o -type l \) 2>/dev/null | sort -V -r)
  return 1
}

ensure_packages() {
  [ -z "$STAGED" ] || return 0
  run apt-get update -qq
  if ! find_jdk >/dev/null; then
    if apt-cache show openjdk-21-jdk-headless >/dev/null 2>&1; then apt_install openjdk-21-jdk-headless
    elif apt-cache show openjdk-25-jdk-headless >/dev/null 2>&1; then apt_install openjdk-25-jdk-headless
    else
      # Debian 12 ships Java 17 only: take Temurin from the Adoptium repository.
      say "no JDK 21+ in this distribution's repositories; adding the Adoptium (Temurin) repository"
      apt_install ca-certificates curl gnupg
      run install -d -m 0755 /etc/apt/keyrings
      if [ -n "$DRY" ]; then printf '+ curl -fsSL https://packages.adoptium.net/artifactory/api/gpg/key/public | gpg --dearmor -o /etc/apt/keyrings/adoptium.gpg\n'
      else curl -fsSL https://packages.adoptium.net/artifactory/api/gpg/key/public | gpg --dearmor --yes -o /etc/apt/keyrings/adoptium.gpg; fi
      local codename
      # shellcheck disable=SC1091
      codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")"
      if [ -n "$DRY" ]; then printf '+ echo deb [signed-by=/etc/apt/keyrings/adoptium.gpg] https://packages.adoptium.net/artifactory/deb %s main > /etc/apt/sources.list.d/adoptium.list\n' "$codename"
      else echo "deb [signed-by=/etc/apt/keyrings/adoptium.gpg] https://packages.adoptium.net/artifactory/deb $codename main" > /etc/apt/sources.list.d/adoptium.list; fi
      run apt-get update -qq
      apt_install temurin-21-jdk
    fi
  fi
  if [ ! -x /usr/bin/chromium-headless-shell ] && [ -z "${CLOUDVOTER_CHROMIUM:-}" ]; then
    if apt-cache show chromium-headless-shell >/dev/null 2>&1; then apt_install chromium-headless-shell
    else die "Debian's chromium-headless-shell is not available here (Ubuntu packages Chromium as a snap, which cannot run under this unit's hardening). Install a Chromium build yourself and run again with CLOUDVOTER_CHROMIUM=/path/to/chrome, then set the same in /etc/cloudvoter/cloudvoter.env"
    fi
  fi
  command -v curl >/dev/null 2>&1 || apt_install curl
  [ -n "$BUILD" ] && ! command -v mvn >/dev/null 2>&1 && apt_install maven
  return 0
}

ensure_user() {
  [ -z "$STAGED" ] || return 0
  if ! id "$USER_NAME" >/dev/null 2>&1; then
    run useradd --system --user-group --home-dir /var/lib/cloudvoter --no-create-home --shell /usr/sbin/nologin "$USER_NAME"
  fi
}

build_agent() {
  local jar="$SRC/agent/target/cloudvoter-agent.jar"
  if [ -n "$BUILD" ] && [ -z "$STAGED" ]; then
    say "building the agent (this takes a few minutes on a small droplet) ..."
    if [ -n "$DRY" ]; then printf '+ JAVA_HOME=<jdk> mvn -q -B -DskipTests -pl agent -am package\n'
    else (cd "$SRC" && JAVA_HOME="$(find_jdk)" mvn -q -B -DskipTests -pl agent -am package) || die "build failed"; fi
  fi
  [ -n "$DRY" ] || [ -f "$jar" ] || die "no $jar: build it (./cloudvoter build) or drop --no-build"
}

install_files() {
  local stamp release
  stamp="$(date -u +%Y%m%d%H%M%S)"
  release="$OPT/releases/$stamp"
  run install -d -m 0755 "$OPT" "$OPT/releases" "$release" "$release/libs"
  run install -m 0644 "$SRC/agent/target/cloudvoter-agent.jar" "$release/"
  if [ -n "$DRY" ]; then printf '+ install -m 0644 %s/agent/target/libs/*.jar %s/libs/\n' "$SRC" "$release"
  else install -m 0644 "$SRC"/agent/target/libs/*.jar "$release/libs/"; fi
  run ln -sfn "$release" "$OPT/current.new"
  run mv -T "$OPT/current.new" "$OPT/current"
  if [ -z "$STAGED" ]; then
    run ln -sfn "$(find_jdk || echo /usr/lib/jvm/java-21)" "$OPT/java"
  fi
  run install -m 0644 "$HERE/README.md" "$OPT/README.md"
  # Keep the three newest releases: the one running and two to roll back to.
  if [ -z "$DRY" ]; then
    find "$OPT/releases" -mindepth 1 -maxdepth 1 -type d | sort -r | tail -n +4 | while IFS= read -r old; do rm -rf "$old"; done
  fi

  local owner=()
  [ -n "$STAGED" ] || owner=(-o "$USER_NAME" -g "$USER_NAME")
  run install -d -m 0750 "${owner[@]}" "$DATA" "$DATA/flows"
  local group=()
  [ -n "$STAGED" ] || group=(-o root -g "$USER_NAME")
  run install -d -m 0750 "${group[@]}" "$ETC"
  # Settings are the operator's: written once from the examples, never overwritten.
  [ -f "$ETC/cloudvoter.env" ] || run install -m 0640 "${group[@]}" "$HERE/cloudvoter.env.example" "$ETC/cloudvoter.env"
  [ -f "$ETC/agent.yaml" ] || run install -m 0640 "${group[@]}" "$HERE/agent.yaml.example" "$ETC/agent.yaml"
  if [ -n "${CLOUDVOTER_CHROMIUM:-}" ] && [ -z "$DRY" ] && ! grep -q '^CLOUDVOTER_CHROMIUM=' "$ETC/cloudvoter.env"; then
    echo "CLOUDVOTER_CHROMIUM=$CLOUDVOTER_CHROMIUM" >> "$ETC/cloudvoter.env"
  fi
  run install -d -m 0755 "$(dirname "$UNIT")"
  run install -m 0644 "$HERE/cloudvoter.service" "$UNIT"
}

start_service() {
  [ -z "$STAGED" ] || return 0
  run systemctl daemon-reload
  run systemctl enable cloudvoter.service
  run systemctl restart cloudvoter.service
  [ -z "$DRY" ] || return 0
  local port bind url
  port="$(sed -n 's/^CLOUDVOTER_PORT=//p' "$ETC/cloudvoter.env" | tail -1)"
  bind="$(sed -n 's/^CLOUDVOTER_BIND=//p' "$ETC/cloudvoter.env" | tail -1)"
  [ "${bind:-127.0.0.1}" = "0.0.0.0" ] && bind=127.0.0.1
  url="http://${bind:-127.0.0.1}:${port:-8077}"
  say "waiting for $url/api/health ..."
  for _ in $(seq 1 120); do
    if curl -fsS "$url/api/health" >/dev/null 2>&1; then
      echo
      echo "  CloudVoter agent is running (systemctl status cloudvoter)"
      echo "  URL:    $url   (from your laptop: ssh -N -L ${port:-8077}:127.0.0.1:${port:-8077} root@<this server>)"
      echo "  Token:  $(cat "$DATA/token" 2>/dev/null || echo "set by CLOUDVOTER_TOKEN in $ETC/cloudvoter.env")"
      echo "  Logs:   journalctl -u cloudvoter -f"
      echo
      return 0
    fi
    sleep 1
  done
  die "the agent did not become healthy within 120 s: see journalctl -u cloudvoter -n 100"
}

uninstall() {
  if [ -z "$STAGED" ]; then
    run systemctl disable --now cloudvoter.service || true
  fi
  run rm -f "$UNIT"
  [ -n "$STAGED" ] || run systemctl daemon-reload
  run rm -rf "$OPT"
  if [ -n "$PURGE" ]; then
    run rm -rf "$DATA" "$ETC"
    if [ -z "$STAGED" ] && id "$USER_NAME" >/dev/null 2>&1; then run userdel "$USER_NAME"; fi
    say "removed the service, the program, the data and the settings"
  else
    say "removed the service and the program; kept $DATA (history, token, flows) and $ETC (settings)"
  fi
}

need_root
case "$ACTION" in
  install|upgrade)
    [ "$ACTION" = upgrade ] && say "upgrading: the data in $DATA and the settings in $ETC are kept"
    ensure_packages
    ensure_user
    build_agent
    install_files
    start_service
    ;;
  uninstall)
    uninstall
    ;;
esac
