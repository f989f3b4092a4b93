# Sourced by test.sh. Every server binds to 127.0.0.1 and is stopped by the PID recorded when it started.
pg_bin=/usr/lib/postgresql/15/bin
pg_port=55432 moto_port=5001 azurite_port=10000

install_test_dependencies() {
  local missing=()
  [ -x "$pg_bin/initdb" ] || missing+=(postgresql-15)
  command -v node >/dev/null || missing+=(nodejs npm)
  command -v ffprobe >/dev/null && command -v ffmpeg >/dev/null || missing+=(ffmpeg)
  # DICOM fixtures are cross-checked with dcmtk and with pydicom on the system python (not a pyenv one).
  command -v dcmdump >/dev/null || missing+=(dcmtk)
  /usr/bin/python3 -c 'import pydicom' 2>/dev/null || missing+=(python3-pydicom)
  # Image orientation tests set EXIF orientation with exiftool and make JPEG XL and HEIF/AVIF files from the results.
  command -v exiftool >/dev/null || missing+=(libimage-exiftool-perl)
  command -v cjxl >/dev/null && command -v jxlinfo >/dev/null || missing+=(libjxl-tools)
  command -v heif-enc >/dev/null || missing+=(libheif-examples)
  # The web UI's browser tests (tests/Curio.Ui.Tests) drive Debian's Chromium through Playwright: no `playwright install`.
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; fi
  fi
  install_pgvector || return 1
  python3 -c 'import moto' 2>/dev/null || { echo "moto is missing (python3 -m pip install 'moto[server]')" >&2; return 1; }
  [ -x "$tools/node_modules/.bin/azurite-blob" ] || npm install --prefix "$tools" --no-audit --no-fund --silent azurite@3.35.0 >/dev/null
}

# pgvector for PostgreSQL 15: bookworm has no package for it, so it is built from Debian trixie's source package against
# the installed server. Only a deb-src line is added, so no trixie binary enters the system. postgresql-server-dev-15
# upgrades the server to the same minor version as its headers: this runs before the test server starts.
install_pgvector() {
  [ -f /usr/share/postgresql/15/extension/vector.control ] && return 0
  local sudo=(); [ "$(id -u)" = 0 ] || sudo=(sudo)
  local list=/etc/apt/sources.list.d/curio-trixie-src.sources
  [ -f "$list" ] || printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    | "${sudo[@]}" tee "$list" >/dev/null
  "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq --no-install-recommends postgresql-server-dev-15 dpkg-dev make gcc >/dev/null || return 1
  local src="$tools/pgvector"
  rm -rf "$src" && mkdir -p "$src"
  (cd "$src" && apt-get source -qq pgvector >/dev/null 2>&1) || { echo "apt-get source pgvector failed" >&2; return 1; }
  local dir; dir=$(find "$src" -mindepth 1 -maxdepth 1 -type d -name "pgvector-*" | head -n 1)
  # OPTFLAGS="" leaves out pgvector's default -march=native, so the build runs on any x86-64.
  make -s -C "$dir" PG_CONFIG="$pg_bin/pg_config" OPTFLAGS="" >/dev/null 2>&1 && "${sudo[@]}" make -s -C "$dir" PG_CONFIG="$pg_bin/pg_config" install >/dev/null \
    || { echo "building pgvector failed (in $dir)" >&2; return 1; }
}

wait_port() {
  for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "nothing answers on 127.0.0.1:$1" >&2; return 1
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_test_services() {
  stop_test_services
  for port in $pg_port $moto_port $azurite_port; do
    port_free "$port" || { echo "127.0.0.1:$port is taken by another program; free it first." >&2; return 1; }
  done

  python3 -m moto.server -H 127.0.0.1 -p "$moto_port" >"$run/moto.log" 2>&1 & echo $! >"$run/moto.pid"
  "$tools/node_modules/.bin/azurite-blob" --blobHost 127.0.0.1 --blobPort "$azurite_port" --inMemoryPersistence \
    --disableTelemetry --skipApiVersionCheck --loose >"$run/azurite.log" 2>&1 & echo $! >"$run/azurite.pid"

  rm -rf "$run/pg" && mkdir -p "$run/pg"
  local as_postgres=()
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$run/pg"; as_postgres=(su postgres -s /bin/sh -c); else as_postgres=(sh -c); fi
  "${as_postgres[@]}" "$pg_bin/initdb -D $run/pg/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >$run/pg/initdb.log 2>&1" || return 1
  "${as_postgres[@]}" "$pg_bin/pg_ctl -D $run/pg/data -l $run/pg/server.log -w -o '-c listen_addresses=127.0.0.1 -p $pg_port -k $run/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off' start >/dev/null" || return 1

  wait_port "$moto_port" && wait_port "$azurite_port" && wait_port "$pg_port" || return 1
  export CURIO_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
  export CURIO_TEST_S3_ENDPOINT="http://127.0.0.1:$moto_port"
  export CURIO_TEST_AZURE_BLOB_ENDPOINT="http://127.0.0.1:$azurite_port/devstoreaccount1"
}

stop_test_services() {
  for name in moto azurite; do
    if [ -f "$run/$name.pid" ]; then kill "$(cat "$run/$name.pid")" 2>/dev/null; rm -f "$run/$name.pid"; fi
  done
  if [ -f "$run/pg/data/postmaster.pid" ]; then
    local pid; pid=$(head -n 1 "$run/pg/data/postmaster.pid")
    kill -INT "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  return 0
}
