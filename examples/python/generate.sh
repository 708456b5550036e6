#!/usr/bin/env bash
# Generates Python messages and gRPC stubs from the contract into $1 (default: ./gen).
# Needs Debian's python3-grpc-tools (or `pip install grpcio-tools`), which also
# supplies google/protobuf/*.proto.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
proto="$here/../../proto"
out="${1:-$here/gen}"
mkdir -p "$out"
cd "$proto"
/usr/bin/python3 -m grpc_tools.protoc -I . \
  --python_out="$out" --grpc_python_out="$out" \
  grpc/health/v1/health.proto \
  google/rpc/error_details.proto \
  medmij/errors/v1/errors.proto \
  medmij/lists/v1/lists.proto \
  medmij/authorization/v1/authorization_server.proto \
  medmij/pgo/v1/pgo_client.proto
echo "generated Python stubs in $out"
