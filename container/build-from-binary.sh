#!/usr/bin/env bash
# Build an orgaudit image FROM scratch around a binary built on this machine
# (no base image is pulled): the binary, the shared libraries it links and
# their loader, CA certificates and a non-root user. Equivalent to the
# Dockerfile's runtime stage.
#   container/build-from-binary.sh [BINARY] [IMAGE]
#   (default BINARY target/release/orgaudit, IMAGE localhost/orgaudit:latest)
# Needs buildah, or podman (whose `podman build` is buildah).
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-target/release/orgaudit}"
image="${2:-localhost/orgaudit:latest}"
[ -x "$binary" ] || { echo "no binary at $binary: cargo build --release first" >&2; exit 2; }
certs=/etc/ssl/certs/ca-certificates.crt
[ -f "$certs" ] || { echo "no CA bundle at $certs (Debian: apt-get install ca-certificates)" >&2; exit 2; }
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/usr/local/bin" "$root/etc/ssl/certs" "$root/work" "$root/tmp"
cp "$binary" "$root/usr/local/bin/orgaudit"
cp "$certs" "$root/etc/ssl/certs/ca-certificates.crt"
# Every shared library the binary needs, at the path the loader looks for it.
ldd "$binary" | awk '/=> \// { print $3 } /^\t\/.*ld-linux/ { print $1 }' | while read -r lib; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
printf 'root:x:0:0:root:/root:/sbin/nologin\norgaudit:x:10001:10001:orgaudit:/work:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\norgaudit:x:10001:\n' > "$root/etc/group"
chmod 1777 "$root/tmp"
chown 10001:10001 "$root/work" 2>/dev/null || true
cat > "$root/Containerfile" <<'CF'
FROM scratch
COPY . /
USER 10001:10001
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/orgaudit"]
CMD ["--help"]
CF
if command -v buildah >/dev/null; then
  buildah build --quiet --layers=false -f "$root/Containerfile" -t "$image" "$root"
elif command -v podman >/dev/null; then
  podman build --quiet -f "$root/Containerfile" -t "$image" "$root"
else
  echo "neither buildah nor podman is installed (Debian: apt-get install buildah podman)" >&2
  exit 2
fi
echo "$image"
