# orgaudit in a container, built from source (multi-stage):
#   docker build -t orgaudit .      (or: podman build -t orgaudit .)
#   docker run --rm -v "$PWD:/work" orgaudit audit --snapshot /work/snapshot.json --out /work/report
# The runtime image has the binary, CA certificates and a non-root user,
# nothing else. container/build-from-binary.sh builds the equivalent image
# FROM scratch around an already built binary (no base image to pull).
FROM docker.io/library/rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin orgaudit

FROM docker.io/library/debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /work --create-home orgaudit
COPY --from=build /src/target/release/orgaudit /usr/local/bin/orgaudit
USER 10001:10001
WORKDIR /work
# Reports follow the umask; snapshots and evidence are always owner-only.
ENTRYPOINT ["/usr/local/bin/orgaudit"]
CMD ["--help"]
