#!/usr/bin/env bash
# Runs every test project and prints, as its last line, the summed counts:
# "N passed, N failed" (", N skipped" when some were skipped).
set -uo pipefail

configuration=${CONFIGURATION:-Release}
results=$(mktemp -d /tmp/criengine-test-results.XXXXXX)
trap 'rm -rf "$results"' EXIT

dotnet test CriEngine.sln -c "$configuration" --no-build \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results"
status=$?

passed=0 failed=0 skipped=0 files=0
for trx in "$results"/*.trx; do
  [[ -e $trx ]] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  # The trx's notExecuted stays 0 for NUnit's skips: they are the tests not executed.
  skipped=$((skipped + $(get total) - $(get executed)))
done

# A project that crashed before writing its results counts as a failure.
if ((status != 0 && failed == 0)); then
  failed=1
fi

summary="$passed passed, $failed failed"
((skipped > 0)) && summary+=", $skipped skipped"
echo
echo "$summary"
((failed == 0))
