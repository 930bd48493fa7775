#!/usr/bin/env bash
# Installs, upgrades or removes the CloudVoter agent as a hardened systemd service on a fresh
# Debian 12+ / Ubuntu 22.04+ server. Run as root from a checkout of the repository.
#
#   deploy/install.sh                 install, or upgrade in place (idempotent: run it again any time)
#   deploy/install.sh upgrade         the same; says so in its messages
#   deploy/install.sh uninstall       stop and remove the service and the program; keep data and settings
#   deploy/install.sh uninstall --purge   ... and remove /var/lib/cloudvoter, /etc/cloudvoter and the user
#
#   deploy/install.sh --browser-node [--bind ADDR] [--port 3000] [--allow-from AGENT_IP] [--no-ufw]
#                     a browser node instead (cloudvoter-node.service: Playwright's browser server
#                     with Chromium, for agents elsewhere); upgrade and uninstall [--purge] take it too
#
# Options: --dry-run      print what would be done, change nothing
#          --no-build     use agent/target/cloudvoter-agent.jar as built (e.g. built on your laptop)
#          --root DIR     lay the files out under DIR only (no packages, user, build or systemctl): for tests
# Browser node: --bind ADDR        127.0.0.1 (default: reach it over an SSH tunnel) or this machine's
#                                  private address (then --allow-from is required)
#               --port N           3000 by default
#               --allow-from IP    the agent's address (or a CIDR range): the only one ufw lets in
#               --no-ufw           another firewall (e.g. the cloud's) already lets only the agent in
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
NODE=""
BIND_ARG=""
PORT_ARG=""
ALLOW_FROM=""
NO_UFW=""

say() { printf 'install: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    install|upgrade|uninstall) ACTION="$1" ;;
    --dry-run) DRY=1 ;;
    --no-build) BUILD="" ;;
    --purge) PURGE=1 ;;
    --root) [ $# -ge 2 ] || die "--root needs a directory"; ROOT="$(mkdir -p "$2" && cd "$2" && pwd)"; shift ;;
    --browser-node) NODE=1 ;;
    --bind) [ $# -ge 2 ] || die "--bind needs an address"; BIND_ARG="$2"; shift ;;
    --port) [ $# -ge 2 ] || die "--port needs a number"; PORT_ARG="$2"; shift ;;
    --allow-from) [ $# -ge 2 ] || die "--allow-from needs the agent's address"; ALLOW_FROM="$2"; shift ;;
    --no-ufw) NO_UFW=1 ;;
    -h|--help) sed -n '2,33p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (try --help)" ;;
  esac
  shift
done

OPT="$ROOT/opt/cloudvoter"
DATA="$ROOT/var/lib/cloudvoter"
ETC="$ROOT/etc/cloudvoter"
UNIT="$ROOT/etc/systemd/system/cloudvoter.service"
USER_NAME=cloudvoter
NODE_DATA="$ROOT/var/lib/cloudvoter-node"
NODE_ENV="$ETC/browser-node.env"
NODE_UNIT="$ROOT/etc/systemd/system/cloudvoter-node.service"
NODE_USER=cloudvoter-node
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

install_program() {
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
  # The docs the units' Documentation= lines name (docs/operations.md, docs/SCALING.md) and the rest of them.
  run install -d -m 0755 "$OPT/docs"
  if [ -n "$DRY" ]; then printf '+ install -m 0644 %s/docs/*.md %s/docs/\n' "$SRC" "$OPT"
  else install -m 0644 "$SRC"/docs/*.md "$OPT/docs/"; fi
  # Keep the three newest releases: the one running and two to roll back to.
  if [ -z "$DRY" ]; then
    find "$OPT/releases" -mindepth 1 -maxdepth 1 -type d | sort -r | tail -n +4 | while IFS= read -r old; do rm -rf "$old"; done
  fi
}

install_agent_files() {
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
  # A browser node on this machine runs the same program: bring it onto the new release too.
  [ ! -f "$NODE_UNIT" ] || run systemctl try-restart cloudvoter-node.service
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
  if [ -f "$NODE_UNIT" ]; then say "keeping $OPT: the browser node on this machine runs it"; else run rm -rf "$OPT"; fi
  if [ -n "$PURGE" ]; then
    if [ -f "$NODE_ENV" ]; then run rm -rf "$DATA" "$ETC/cloudvoter.env" "$ETC/agent.yaml"; else run rm -rf "$DATA" "$ETC"; fi
    if [ -z "$STAGED" ] && id "$USER_NAME" >/dev/null 2>&1; then run userdel "$USER_NAME"; fi
    say "removed the service, the program, the data and the settings"
  else
    say "removed the service and the program; kept $DATA (history, token, flows) and $ETC (settings)"
  fi
}

# ---- Browser node (--browser-node) ----------------------------------------------------------

is_ipv4() { [[ "$1" =~ ^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})$ ]] \
  && [ "${BASH_REMATCH[1]}" -le 255 ] && [ "${BASH_REMATCH[2]}" -le 255 ] && [ "${BASH_REMATCH[3]}" -le 255 ] && [ "${BASH_REMATCH[4]}" -le 255 ]; }
is_ip() { is_ipv4 "$1" || [[ "$1" =~ ^[0-9a-fA-F]*:[0-9a-fA-F:.]*$ ]]; }
is_loopback() { [[ "$1" =~ ^127\. ]] || [ "$1" = "::1" ]; }
is_private() { # RFC 1918, carrier-grade NAT (overlay VPNs), IPv6 unique-local: what NodeSettings accepts
  [[ "$1" =~ ^10\. || "$1" =~ ^192\.168\. || "$1" =~ ^172\.(1[6-9]|2[0-9]|3[01])\. || "$1" =~ ^100\.(6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])\. || "$1" =~ ^f[cd][0-9a-fA-F]{0,2}: ]]
}

env_value() { # KEY FILE: the last value of KEY in an env file, if any
  if [ -f "$2" ]; then sed -n "s/^$1=//p" "$2" | tail -1; fi
}

# The node's address and port: the command line, else what the settings say, else the defaults.
node_arguments() {
  NODE_BIND="${BIND_ARG:-$(env_value CLOUDVOTER_NODE_BIND "$NODE_ENV")}"
  NODE_BIND="${NODE_BIND:-127.0.0.1}"
  NODE_PORT="${PORT_ARG:-$(env_value CLOUDVOTER_NODE_PORT "$NODE_ENV")}"
  NODE_PORT="${NODE_PORT:-3000}"
  [ "$ACTION" = uninstall ] && return 0
  is_ip "$NODE_BIND" || die "--bind: '$NODE_BIND' is not an IP address (127.0.0.1, or this machine's private address)"
  case "$NODE_BIND" in
    0.0.0.0|::|"[::]") die "--bind $NODE_BIND would listen on every network, and Playwright's browser server has no authentication: bind 127.0.0.1 (SSH tunnel) or a private address with --allow-from <agent IP>" ;;
  esac
  is_loopback "$NODE_BIND" || is_private "$NODE_BIND" || die "--bind $NODE_BIND is not a loopback or private address, and Playwright's browser server has no authentication: bind 127.0.0.1 (SSH tunnel) or a private address with --allow-from <agent IP>"
  if ! [[ "$NODE_PORT" =~ ^[0-9]{1,5}$ ]] || [ "$NODE_PORT" -lt 1 ] || [ "$NODE_PORT" -gt 65535 ]; then
    die "--port: '$NODE_PORT' is not a port number 1..65535"
  fi
  if [ -n "$ALLOW_FROM" ]; then
    is_ip "${ALLOW_FROM%/*}" || die "--allow-from: '$ALLOW_FROM' is not an IP address or CIDR range (the agent's address)"
    is_loopback "$NODE_BIND" && die "--allow-from is for a node on a network address: with --bind $NODE_BIND only this machine reaches it (use an SSH tunnel)"
  fi
  if ! is_loopback "$NODE_BIND" && [ -z "$ALLOW_FROM" ]; then
    ALLOW_FROM="$(env_value CLOUDVOTER_NODE_ALLOW_FROM "$NODE_ENV")"
    [ -n "$ALLOW_FROM" ] || die "a browser node on $NODE_BIND needs --allow-from <agent IP>: Playwright's browser server has no authentication, so the firewall must let only the agent reach port $NODE_PORT"
  fi
  if [ -z "$DRY$STAGED" ] && ! is_loopback "$NODE_BIND" && command -v ip >/dev/null 2>&1 \
      && ! ip -o addr show | awk '{print $4}' | cut -d/ -f1 | grep -qxF "$NODE_BIND"; then
    die "--bind $NODE_BIND is not an address of this machine (ip -o addr show)"
  fi
  return 0
}

# Checked before anything is installed: the firewall must be able to let only the agent in.
node_firewall_plan() {
  UFW_RULE=()
  if [ -n "$STAGED" ] || is_loopback "$NODE_BIND"; then return 0; fi
  if [ -n "$NO_UFW" ]; then
    say "--no-ufw: not touching the firewall; make sure only $ALLOW_FROM can reach $NODE_BIND port $NODE_PORT/tcp"
    return 0
  fi
  command -v ufw >/dev/null 2>&1 || die "ufw is not installed: install and enable it (apt-get install ufw; ufw allow OpenSSH; ufw enable) and run this again, or pass --no-ufw if another firewall (e.g. your cloud's) already lets only $ALLOW_FROM reach port $NODE_PORT"
  local status
  status="$(ufw status verbose 2>&1)" || die "cannot read the firewall's state (ufw status verbose): $status"
  grep -q '^Status: active' <<<"$status" || die "ufw is installed but not active: enable it (ufw allow OpenSSH; ufw enable) and run this again, or pass --no-ufw if another firewall already lets only $ALLOW_FROM reach port $NODE_PORT"
  grep -Eq '^Default: (deny|reject) \(incoming\)' <<<"$status" || die "ufw lets incoming connections in by default, so port $NODE_PORT would be open to everyone: ufw default deny incoming (after ufw allow OpenSSH), then run this again"
  UFW_RULE=(allow from "$ALLOW_FROM" to "$NODE_BIND" port "$NODE_PORT" proto tcp)
}

open_node_firewall() {
  [ ${#UFW_RULE[@]} -gt 0 ] || return 0
  run ufw "${UFW_RULE[@]}" comment 'cloudvoter browser node'
}

ensure_node_user() {
  [ -z "$STAGED" ] || return 0
  if ! id "$NODE_USER" >/dev/null 2>&1; then
    run useradd --system --user-group --home-dir /var/lib/cloudvoter-node --no-create-home --shell /usr/sbin/nologin "$NODE_USER"
  fi
}

set_env() { # KEY VALUE: replaces KEY's line (or its commented example) in the node's settings, or adds it
  if [ -n "$DRY" ]; then printf '+ set %s=%s in %s\n' "$1" "$2" "$NODE_ENV"; return; fi
  if grep -q "^$1=" "$NODE_ENV"; then sed -i "s|^$1=.*|$1=$2|" "$NODE_ENV"
  elif grep -q "^# $1=" "$NODE_ENV"; then sed -i "s|^# $1=.*|$1=$2|" "$NODE_ENV"
  else echo "$1=$2" >> "$NODE_ENV"; fi
}

install_node_files() {
  local owner=() group=()
  [ -n "$STAGED" ] || owner=(-o "$NODE_USER" -g "$NODE_USER")
  [ -n "$STAGED" ] || group=(-o root -g "$NODE_USER")
  run install -d -m 0750 "${owner[@]}" "$NODE_DATA"
  # systemd reads the settings as root: the folder need not open to anyone (the agent's keeps its mode).
  [ -d "$ETC" ] || run install -d -m 0750 "$ETC"
  [ -f "$NODE_ENV" ] || run install -m 0640 "${group[@]}" "$HERE/browser-node.env.example" "$NODE_ENV"
  # Settings are the operator's; what the command line names is the operator speaking.
  [ -z "$BIND_ARG" ] || set_env CLOUDVOTER_NODE_BIND "$NODE_BIND"
  [ -z "$PORT_ARG" ] || set_env CLOUDVOTER_NODE_PORT "$NODE_PORT"
  [ -z "$ALLOW_FROM" ] || set_env CLOUDVOTER_NODE_ALLOW_FROM "$ALLOW_FROM"
  [ -z "${CLOUDVOTER_CHROMIUM:-}" ] || set_env CLOUDVOTER_CHROMIUM "$CLOUDVOTER_CHROMIUM"
  run install -d -m 0755 "$(dirname "$NODE_UNIT")"
  run install -m 0644 "$HERE/cloudvoter-node.service" "$NODE_UNIT"
}

start_node() {
  [ -z "$STAGED" ] || return 0
  run systemctl daemon-reload
  run systemctl enable cloudvoter-node.service
  run systemctl restart cloudvoter-node.service
  [ -z "$DRY" ] || return 0
  local host="$NODE_BIND" endpoint
  [[ "$host" == *:* ]] && host="[$host]"
  say "waiting for the browser node on $host:$NODE_PORT ..."
  for _ in $(seq 1 120); do
    if [ "$(curl -fsS "http://$host:$NODE_PORT/" 2>/dev/null)" = Running ] && [ -s "$NODE_DATA/endpoint" ]; then
      endpoint="$(cat "$NODE_DATA/endpoint")"
      echo
      echo "  CloudVoter browser node is running (systemctl status cloudvoter-node)"
      echo "  Endpoint: $endpoint   (also in $NODE_DATA/endpoint)"
      if is_loopback "$NODE_BIND"; then
        echo "  From the agent's machine: ssh -N -L $NODE_PORT:127.0.0.1:$NODE_PORT root@<this server>"
        echo "            and give the agent: ws://127.0.0.1:$NODE_PORT/${endpoint##*/}"
      else
        echo "  Firewall: only $ALLOW_FROM may reach $NODE_BIND port $NODE_PORT${NO_UFW:+ (not checked: --no-ufw)}"
      fi
      echo "  Logs:     journalctl -u cloudvoter-node -f"
      echo
      return 0
    fi
    sleep 1
  done
  die "the browser node did not answer within 120 s: see journalctl -u cloudvoter-node -n 100"
}

uninstall_node() {
  local allowed
  allowed="$(env_value CLOUDVOTER_NODE_ALLOW_FROM "$NODE_ENV")"
  if [ -z "$STAGED" ]; then
    run systemctl disable --now cloudvoter-node.service || true
    if [ -n "$allowed" ] && command -v ufw >/dev/null 2>&1; then
      run ufw delete allow from "$allowed" to "$NODE_BIND" port "$NODE_PORT" proto tcp || say "no ufw rule for $allowed to remove"
    fi
  fi
  run rm -f "$NODE_UNIT"
  [ -n "$STAGED" ] || run systemctl daemon-reload
  if [ -f "$UNIT" ]; then say "keeping $OPT: the agent on this machine runs it"; else run rm -rf "$OPT"; fi
  if [ -n "$PURGE" ]; then
    run rm -rf "$NODE_DATA" "$NODE_ENV"
    [ -n "$DRY" ] || rmdir "$ETC" 2>/dev/null || true
    if [ -z "$STAGED" ] && id "$NODE_USER" >/dev/null 2>&1; then run userdel "$NODE_USER"; fi
    say "removed the browser node, its program, its files and its settings"
  else
    say "removed the browser node and its program; kept $NODE_DATA (its endpoint path) and $NODE_ENV (settings)"
  fi
}

need_root
if [ -z "$NODE" ] && [ -n "$BIND_ARG$PORT_ARG$ALLOW_FROM$NO_UFW" ]; then
  die "--bind, --port, --allow-from and --no-ufw are for a browser node: add --browser-node (the agent's own settings are in $ETC/cloudvoter.env)"
fi
if [ -n "$NODE" ]; then
  node_arguments
  case "$ACTION" in
    install|upgrade)
      [ "$ACTION" = upgrade ] && say "upgrading the browser node: $NODE_DATA and $NODE_ENV are kept"
      node_firewall_plan
      ensure_packages
      ensure_node_user
      build_agent
      install_program
      install_node_files
      open_node_firewall
      start_node
      ;;
    uninstall)
      uninstall_node
      ;;
  esac
  exit 0
fi
case "$ACTION" in
  install|upgrade)
    [ "$ACTION" = upgrade ] && say "upgrading: the data in $DATA and the settings in $ETC are kept"
    ensure_packages
    ensure_user
    build_agent
    install_program
    install_agent_files
    start_service
    ;;
  uninstall)
    uninstall
    ;;
esac
