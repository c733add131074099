# Helpers for the in-guest suites: check NAME COMMAND... counts a pass or a failure; summary prints the totals.
passed=0
failed=0
check() {
    local name=$1
    shift
    if "$@" >/tmp/check.out 2>&1; then
        passed=$((passed + 1))
        echo "ok - $name"
    else
        failed=$((failed + 1))
        echo "not ok - $name"
        sed 's/^/#   /' /tmp/check.out
    fi
}
# equal FILE EXPECTED: the file's trimmed content is EXPECTED.
equal() {
    local actual
    actual=$(tr -d '\n' < "$1" 2>&1)
    [ "$actual" = "$2" ] || { echo "$1: expected '$2', got '$actual'"; return 1; }
}
# contains TEXT WORD
contains() { case "$1" in *"$2"*) return 0 ;; *) echo "expected '$2' in: $1"; return 1 ;; esac; }
summary() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
# A copy of the prepared bundle with PATCH (a python-free sed on config.json is too brittle, so the host
# prepared one config per case): bundle NAME → a fresh directory in guest-local /tmp.
bundle() {
    local dir=/tmp/bundles/$1
    rm -rf "$dir"
    mkdir -p /tmp/bundles
    cp -a "$VM_BUNDLES/$1" "$dir"
    echo "$dir"
}
