#!/usr/bin/env bash
# Installs what the tests need (Debian packages, npm, NuGet), starts PostgreSQL, moto (S3) and azurite (Azure Blob)
# on 127.0.0.1, runs every test, stops the services, and ends with one line: "N passed, N failed[, N skipped]".
# Safe to run again: installs are skipped when present; services use their own ports and are stopped by PID.
set -uo pipefail
cd "$(dirname "$0")"
root=$PWD
run=${CURIO_TEST_RUN:-/tmp/curio-test-run}
tools=${CURIO_TEST_TOOLS:-/tmp/curio-test-tools}
results="$root/artifacts/test-results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DEBIAN_FRONTEND=noninteractive
mkdir -p "$run" "$tools"
rm -rf "$results"

say() { printf '\n== %s\n' "$*"; }

command -v dotnet >/dev/null || { echo "The .NET SDK is required (https://dot.net); see global.json for the version." >&2; exit 2; }

say "Installing test dependencies"
source scripts/test-services.sh
install_test_dependencies || { echo "Installing test dependencies failed." >&2; exit 2; }

say "Starting PostgreSQL, moto and azurite on 127.0.0.1"
trap stop_test_services EXIT
start_test_services || { echo "Starting the test services failed; logs are in $run." >&2; exit 2; }

say "Building"
dotnet build Curio.slnx -nologo -v quiet -clp:ErrorsOnly || { echo "0 passed, 1 failed (the build failed)"; exit 1; }

say "Checking formatting (dotnet format --verify-no-changes)"
format_failures=0
dotnet format Curio.slnx --verify-no-changes --no-restore || { format_failures=1; echo "Formatting differs: run 'dotnet format Curio.slnx' and commit." >&2; }

say "Running tests"
dotnet test Curio.slnx --no-build -nologo -v quiet --logger "trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=false
status=$?

say "Running the server and browser tests again on PostgreSQL (the same Curio, scaled-out backend)"
for project in tests/Curio.Server.Tests tests/Curio.Ui.Tests; do
  CURIO_TEST_SERVER_STORAGE=postgres dotnet test "$project" --no-build -nologo -v quiet --logger "trx;LogFilePrefix=postgres" \
    --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=false
  [ $? -eq 0 ] || status=1
done

summary=$(scripts/test-summary.sh "$results" "$format_failures")
echo
echo "$summary"
case "$summary" in
  *" 0 failed"*) [ $status -eq 0 ] || exit $status ;;
  *) exit 1 ;;
esac
