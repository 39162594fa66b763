#!/usr/bin/env bash
# Smoke test of the real TUI in a real terminal (tmux): start `trainer` on a fresh
# collection, answer one problem right and one wrong, and check what the screen shows.
#
#   scripts/tui_smoke.sh            # uses `trainer` from PATH
#   TRAINER=/path/to/trainer scripts/tui_smoke.sh
#
# Exits 0 when every check passes; otherwise prints the failing check and the screen,
# and exits 1. Exits 2 when tmux or trainer is missing.
set -euo pipefail

TRAINER=${TRAINER:-trainer}
command -v tmux >/dev/null 2>&1 || { echo "tui_smoke: tmux is not installed" >&2; exit 2; }
command -v "$TRAINER" >/dev/null 2>&1 || { echo "tui_smoke: no $TRAINER" >&2; exit 2; }

home=$(mktemp -d "${TMPDIR:-/tmp}/trainer-smoke.XXXXXX")
session="trainer-smoke-$$"
cleanup() {
  tmux kill-session -t "$session" 2>/dev/null || true
  rm -rf "$home"
}
trap cleanup EXIT

# A deck whose name sorts first, so it is the first row of the home screen.
cat >"$home/smoke.toml" <<'EOF'
format = 1

[deck]
id = 'aaa-smoke'
name = 'AAA smoke deck'
kind = 'integer'

[[problems]]
id = 'one'
prompt = 'What is $6 \times 7$?'
answer = '42'

[[problems]]
id = 'two'
prompt = 'What is $2^{3}$?'
answer = '8'
EOF
TRAINER_HOME="$home" "$TRAINER" import "$home/smoke.toml" >/dev/null

screen() { tmux capture-pane -p -t "$session"; }
fail() {
  echo "tui_smoke: FAIL: $1" >&2
  echo "----- screen -----" >&2
  screen >&2 || true
  exit 1
}
# wait_for TEXT [SECONDS]: poll the pane until TEXT shows (fixed-string match).
wait_for() {
  local deadline=$((SECONDS + ${2:-10}))
  until screen | grep -qF -- "$1"; do
    [ "$SECONDS" -lt "$deadline" ] || fail "did not see '$1'"
    sleep 0.2
  done
}
keys() { tmux send-keys -t "$session" "$@"; sleep 0.3; }

tmux new-session -d -s "$session" -x 100 -y 30 \
  "TRAINER_HOME='$home' '$TRAINER'; echo TRAINER-EXITED-\$?; sleep 30"

# A first run opens a drill over every deck; escape leads home, where our deck is first.
wait_for "your answer, then Enter" 20
keys Escape
sleep 0.6 # a key right after escape would read as alt+key
wait_for "AAA smoke deck"
keys Enter
wait_for "What is 6 × 7?"

# Right: the live preview, then the verdict.
keys 4 2
wait_for "read as: 42"
keys Enter
wait_for "✓ Correct"
wait_for "Answer: 42"

# Enter moves on; a wrong answer gets ✗ and an offer to retry.
keys Enter
wait_for "What is 2³?"
keys 9
keys Enter
wait_for "✗"
wait_for "Enter: retry"

# The session end counts both, one right.
keys Escape
wait_for "Session done"
wait_for "problems done  2"
screen | grep -qE "right first time +1 +\(50%\)" || fail "summary does not say 1 (50%) right"

keys C-q
wait_for "TRAINER-EXITED-0"
echo "tui_smoke: ok"
