#!/usr/bin/env bash
# Runs every test in the repository: the C# suites (xunit, through the solution) and the Python training
# tests (pytest, with Debian's python3 that carries torch and onnx). Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"

python=/usr/bin/python3
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0

echo "== C# tests (dotnet test FocusController.sln)"
dotnet test FocusController.sln -c Release --nologo 2>&1 | tee "$log" || status=1

if [ -d models/training/tests ]; then
  echo "== Python tests (pytest models/training/tests)"
  "$python" -m pytest -q models/training/tests -p no:cacheprovider 2>&1 | tee -a "$log" || status=1
fi

# One closing line for both runners together.
sum() { grep -oE "$1" "$log" | grep -oE '[0-9]+' | awk '{ s += $1 } END { print s + 0 }'; }
passed=$(sum '(Passed: +[0-9]+|[0-9]+ passed)')
failed=$(sum '(Failed: +[0-9]+|[0-9]+ failed)')
echo "total: ${passed:-0} passed, ${failed:-0} failed"
if [ "${failed:-0}" != 0 ]; then status=1; fi
exit $status
