#!/usr/bin/env bash
# The real-VS-Code suite, offline: code-server (VS Code server + web workbench + Node extension
# host, from npm) driven by Debian chromium through playwright-core.
#
#   (a) UI test (test/e2e/hover.ts): open a corpus log, hover `anon-rss`, read .monaco-hover,
#       screenshot to .e2e-work/screenshots/;
#   (a') UI test (test/e2e/report.ts): status-bar event count, a task-table hover, "Show OOM
#       Report" from the command palette, the webview's content (nested iframes), screenshots;
#   (b) integration suite (test/integration/, mocha) inside the real extension host, loaded with
#       the workbench's `payload` URL parameter (extensionDevelopmentPath / extensionTestsPath);
#   (b') the same suite in the browser's web-worker extension host, against the extension's
#       browser build (dist/web/), from its browser bundle (scripts/build-web-tests.mjs).
#
# Everything it needs is provisioned idempotently into the gitignored .e2e-work/ folder: Debian
# packages with apt-get (only when missing), code-server with npm. Runnable alone:
# `bash scripts/e2e.sh`. Prints `e2e: N passed, N failed` and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
PROJ=$PWD
ROOT=$PROJ/.e2e-work
CS_VERSION=${CS_VERSION:-4.100.3}   # = VS Code 1.100.3; the last code-server line that runs on Node 20
CS_DIR=$ROOT/code-server
CS=$CS_DIR/node_modules/.bin/code-server
export XDG_CONFIG_HOME=$ROOT/xdg/config XDG_DATA_HOME=$ROOT/xdg/data   # nothing written to $HOME
export TMPDIR=$ROOT/tmp
mkdir -p "$ROOT/tmp" "$ROOT/screenshots" "$ROOT/results"

t_start=$(date +%s)
say() { echo "[e2e $(( $(date +%s) - t_start ))s] $*"; }

# ---- 1. Debian packages ------------------------------------------------------------------------
# chromium: the browser; ripgrep: stands in for the binary @vscode/ripgrep would download;
# libkrb5-dev: headers for code-server's `kerberos` native module (only needed to install it).
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v rg >/dev/null 2>&1 || need+=(ripgrep)
if [ ! -x "$CS" ] && ! dpkg -s libkrb5-dev >/dev/null 2>&1; then need+=(libkrb5-dev); fi
if [ ${#need[@]} -gt 0 ]; then
  say "apt-get install ${need[*]}"
  sudo_=""; [ "$(id -u)" = 0 ] || sudo_=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo_ apt-get update -q >/dev/null
  $sudo_ apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi
CHROMIUM=${CHROMIUM:-$(command -v chromium)}
export CHROMIUM

# ---- 2. code-server ----------------------------------------------------------------------------
cs_ok() { [ -x "$CS" ] && "$CS" --version 2>/dev/null | grep -q "^$CS_VERSION "; }
if cs_ok; then
  say "code-server $CS_VERSION already installed"
else
  say "installing code-server $CS_VERSION into $CS_DIR"
  mkdir -p "$CS_DIR"
  # Seed @vscode/ripgrep's download cache (looked up in $TMPDIR) with Debian's rg: its postinstall
  # would otherwise fetch a release from GitHub and fail offline.
  (
    cd "$TMPDIR"
    tgz=$(npm pack "code-server@$CS_VERSION" --silent 2>/dev/null | tail -1)
    rg_ver=$(tar xzf "$tgz" -O package/lib/vscode/npm-shrinkwrap.json |
      node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).packages["node_modules/@vscode/ripgrep"].version))')
    rtgz=$(npm pack "@vscode/ripgrep@$rg_ver" --silent 2>/dev/null | tail -1)
    rg_tag=$(tar xzf "$rtgz" -O package/lib/postinstall.js | sed -n "s/^const VERSION = '\(.*\)';/\1/p")
    rm -f "$tgz" "$rtgz"
    mkdir -p "vscode-ripgrep-cache-$rg_ver" rgseed
    cp "$(command -v rg)" rgseed/rg
    tar czf "vscode-ripgrep-cache-$rg_ver/ripgrep-$rg_tag-x86_64-unknown-linux-musl.tar.gz" -C rgseed rg
    say "seeded ripgrep cache: @vscode/ripgrep $rg_ver, asset $rg_tag"
  )
  [ -f "$CS_DIR/package.json" ] || echo '{"name":"code-server-host","private":true}' > "$CS_DIR/package.json"
  # code-server's postinstall runs `npm install` in lib/vscode (native builds: kerberos, node-pty, ...).
  #  - npm_config_unsafe_perm: its postinstall refuses to run as root without it;
  #  - npm_config_yes: node-pty's build runs `npx node-gyp`, which otherwise waits for a TTY;
  #  - npm_config_dangerously_allow_all_scripts: npm >= 11.19 skips dependency install scripts
  #    unless allowed, and code-server is nothing without them (older npm ignores the key).
  (cd "$CS_DIR" && npm_config_unsafe_perm=true npm_config_yes=true npm_config_dangerously_allow_all_scripts=true \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION" </dev/null)
  cs_ok || { echo "e2e: code-server $CS_VERSION did not install"; echo "e2e: 0 passed, 1 failed"; exit 1; }
fi

# ---- 3. build + package ------------------------------------------------------------------------
say "building the extension"
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run -s build
# Test JS: scripts/test.sh has just compiled it; compile again only when a source is newer.
stamp=out/test/integration/index.js
if [ ! -f "$stamp" ] || [ -n "$(find test/integration test/e2e -name '*.ts' -newer "$stamp" 2>/dev/null | head -1)" ]; then
  npx tsc -p . || say "tsc reported type errors (JS is still emitted); carrying on"
fi
node scripts/build-web-tests.mjs
for f in out/test/web/integration.js out/test/integration/index.js out/test/e2e/hover.js out/test/e2e/report.js out/test/e2e/extTests.js; do
  [ -f "$f" ] || { echo "e2e: missing $f after tsc"; echo "e2e: 0 passed, 1 failed"; exit 1; }
done
VSIX=$ROOT/oom-lens.vsix
rm -f "$VSIX"
npx vsce package --no-dependencies --allow-missing-repository --no-rewrite-relative-links -o "$VSIX" </dev/null >"$ROOT/vsce.log" 2>&1 ||
  { cat "$ROOT/vsce.log"; echo "e2e: vsce package failed"; echo "e2e: 0 passed, 1 failed"; exit 1; }
say "packaged $(basename "$VSIX") ($(du -k "$VSIX" | cut -f1) kB)"
# The .vsix must hold dist/, syntaxes/, language-configuration/, package.json, README.md,
# LICENSE and the README's screenshot only (.vscodeignore); counted as one e2e check.
npx vsce ls --no-dependencies </dev/null 2>/dev/null > "$ROOT/vsix-files.txt" || true
node -e '
  const files = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean);
  const allowed = /^(dist\/|syntaxes\/|language-configuration\/|package\.json$|README\.md$|LICENSE$|docs\/(screenshot|report)\.png$)/;
  const stray = files.filter(f => !allowed.test(f));
  const needed = ["package.json", "LICENSE", "dist/extension.js", "dist/server.js", "dist/server-main.js", "dist/web/extension.js", "dist/web/server.js", "dist/cli.js", "dist/cli-main.js", "dist/cli-analyze.js"].filter(f => !files.includes(f));
  if (stray.length) console.log("e2e: .vsix holds files it should not: " + stray.join(", "));
  if (needed.length) console.log("e2e: .vsix lacks " + needed.join(", "));
  const ok = !stray.length && !needed.length;
  console.log(`[e2e] ${ok ? "PASS" : "FAIL"} .vsix contents (${files.length} files)`);
  require("fs").writeFileSync(process.argv[2], JSON.stringify({ passed: ok ? 1 : 0, failed: ok ? 0 : 1 }));
' "$ROOT/vsix-files.txt" "$ROOT/package-check.json"

# ---- 4. code-server on loopback ----------------------------------------------------------------
rm -rf "$ROOT/ud" "$ROOT/exts" "$ROOT/ws" "$ROOT/results"
mkdir -p "$ROOT/ud/User" "$ROOT/exts" "$ROOT/results"
cp "$ROOT/package-check.json" "$ROOT/results/package.json"
cp -r test/fixtures/workspace "$ROOT/ws"
cat > "$ROOT/ud/User/settings.json" <<'JSON'
{ "workbench.startupEditor": "none", "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off", "update.mode": "none", "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false, "workbench.tips.enabled": false, "workbench.enableExperiments": false,
  "chat.disableAIFeatures": true, "editor.hover.delay": 100, "files.hotExit": "off",
  "window.confirmBeforeClose": "never", "git.enabled": false,
  "editor.wordWrap": "on", "editor.stickyScroll.enabled": false, "editor.minimap.enabled": false }
JSON
"$CS" --user-data-dir "$ROOT/ud" --extensions-dir "$ROOT/exts" --install-extension "$VSIX" --force >"$ROOT/install.log" 2>&1 ||
  { cat "$ROOT/install.log"; echo "e2e: 0 passed, 1 failed"; exit 1; }

PORT=${PORT:-$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')}
BASE=http://127.0.0.1:$PORT
setsid "$CS" --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override \
  --user-data-dir "$ROOT/ud" --extensions-dir "$ROOT/exts" "$ROOT/ws" >"$ROOT/code-server.log" 2>&1 &
CS_PID=$!
# setsid made code-server a process-group leader: kill the group (extension host, language server, watcher).
cleanup() { kill -- -"$CS_PID" 2>/dev/null || true; wait "$CS_PID" 2>/dev/null || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM
up=0
for _ in $(seq 1 150); do
  if curl -sf -o /dev/null "$BASE/healthz"; then up=1; break; fi
  kill -0 "$CS_PID" 2>/dev/null || break
  sleep 0.2
done
if [ "$up" != 1 ]; then tail -20 "$ROOT/code-server.log"; echo "e2e: code-server did not start"; echo "e2e: 0 passed, 1 failed"; exit 1; fi
say "code-server $CS_VERSION on $BASE"

# ---- 5. tests ----------------------------------------------------------------------------------
# Each driver writes {"passed":N,"failed":N} to .e2e-work/results/<name>.json; a driver that dies
# before writing counts as one failure.
run() {
  local name=$1; shift
  say "running $name"
  node "$@" || true
  [ -f "$ROOT/results/$name.json" ] || echo '{"passed":0,"failed":1}' > "$ROOT/results/$name.json"
}
run ui out/test/e2e/hover.js "$BASE" "$ROOT/ws" "$ROOT/screenshots" "$ROOT/results/ui.json"
run report-ui out/test/e2e/report.js "$BASE" "$ROOT/ws" "$ROOT/screenshots" "$ROOT/results/report-ui.json"
run integration out/test/e2e/extTests.js "$BASE" "$PROJ" "$PROJ/out/test/integration/index.js" "$ROOT/ws" "$ROOT/results/integration.json"
# (b'): the workbench places the extension by the user setting remote.extensionKind (read when
# the next workbench page opens); the Node-host runs above are done by now
node -e '
  const fs = require("fs"), f = process.argv[1], s = JSON.parse(fs.readFileSync(f, "utf8"));
  s["remote.extensionKind"] = { "oom-lens.oom-lens": ["web"] };
  fs.writeFileSync(f, JSON.stringify(s, null, 1));' "$ROOT/ud/User/settings.json"
run integration-web out/test/e2e/extTests.js "$BASE" "$PROJ" "$PROJ/out/test/web/integration.js" "$ROOT/ws" "$ROOT/results/integration-web.json"

totals=$(node -e '
  const fs = require("fs"), dir = process.argv[1]; let p = 0, f = 0;
  for (const n of fs.readdirSync(dir)) { const r = JSON.parse(fs.readFileSync(dir + "/" + n, "utf8")); p += r.passed | 0; f += r.failed | 0; }
  console.log(p + " " + f);' "$ROOT/results")
passed=${totals% *}; failed=${totals#* }
say "done"
echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
