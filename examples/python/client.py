#!/usr/bin/env python3
"""A small Python client of medmij-oauth: Health.Check, then two Lists look-ups.

Usage: client.py [HOST:PORT] [STUBS_DIR]   (defaults: 127.0.0.1:8080, ./gen)
Generate the stubs first with ./generate.sh. Prints one JSON object.
"""
import json
import os
import sys

address = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8080"
stubs = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen")
sys.path.insert(0, stubs)

import grpc  # noqa: E402

# The health stubs are generated as grpc/health/v1/…, beside the grpc
# library's own package: let Python look for them there too.
grpc.__path__.append(os.path.join(stubs, "grpc"))

from grpc.health.v1 import health_pb2, health_pb2_grpc  # noqa: E402
from medmij.lists.v1 import lists_pb2, lists_pb2_grpc  # noqa: E402

out = {}
with grpc.insecure_channel(address) as channel:
    health = health_pb2_grpc.HealthStub(channel)
    status = health.Check(health_pb2.HealthCheckRequest(service=""), timeout=10).status
    out["health"] = health_pb2.HealthCheckResponse.ServingStatus.Name(status)

    lists = lists_pb2_grpc.ListsStub(channel)
    found = lists.GetOAuthClient(lists_pb2.GetOAuthClientRequest(hostname="pgo.localhost"), timeout=10)
    out["client"] = {"hostname": found.client.hostname, "organisation_name": found.client.organisation_name}
    try:
        lists.GetOAuthClient(lists_pb2.GetOAuthClientRequest(hostname="unknown.example"), timeout=10)
        out["unknown"] = "found?"
    except grpc.RpcError as e:
        out["unknown"] = {"code": e.code().name, "message": e.details()}

print(json.dumps(out))
