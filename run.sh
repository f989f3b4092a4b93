#!/usr/bin/env bash
# Builds Curio and starts it on the embedded default: SQLite under ./.curio-data, a `local` integration named
# `samples` over ./samples, whose files are imported into the folder `samples` on the first start.
# Prints the URL and the admin credentials. Extra arguments go to `curio serve` (e.g. --urls http://127.0.0.1:8080, or
# --postgres "Host=..;Database=..;Username=.." to keep everything in PostgreSQL 15+ instead: docs/deployment.md).
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
command -v dotnet >/dev/null || { echo "The .NET SDK is required (https://dot.net); see global.json for the version." >&2; exit 2; }
# Videos and some audio are measured with ffprobe, and video thumbnails made with ffmpeg: Debian's ffmpeg package.
if ! command -v ffprobe >/dev/null || ! command -v ffmpeg >/dev/null; then
  echo "Installing ffmpeg (Debian package) for video and audio probing..."
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends ffmpeg >/dev/null
  elif command -v sudo >/dev/null; then sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends ffmpeg >/dev/null
  else echo "ffmpeg is missing and cannot be installed without root: install it (apt-get install ffmpeg); until then videos fail to import unless their upload file gives videoMetadata." >&2
  fi
fi
dotnet build src/Curio.Cli -c Release -nologo -v quiet -clp:ErrorsOnly
exec artifacts/bin/Curio.Cli/release/curio serve --data .curio-data --samples samples --show-credentials "$@"
