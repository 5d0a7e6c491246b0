"""Fault injection for the emulator front (moto_cbor_server.py).

POST /orgaudit-emulator/faults with a JSON body sets the faults applied to
AWS requests from then on (GET returns them and the counts injected):

    {"throttle": 0.2,      # share answered with the protocol's throttling error
     "unavailable": 0.0,   # share answered HTTP 503
     "slow": 0.0,          # share delayed by slow_seconds before being served
     "slow_seconds": 1.0,
     "drop": 0.0,          # share whose connection is closed without an answer
     "hang": {"target": "GetAccountSummary", "seconds": 30},  # one API hangs
     "disabled_regions": ["ap-east-1"],  # answer as an opt-in region not enabled
     "denied_regions": ["eu-west-1"],    # AccessDenied for every call in these regions
     "deny_assume_role": ["111111111111"],  # AssumeRole into these accounts is denied
     "session_seconds": 12,  # AssumeRole sessions expire this soon
     "seed": 7}

A throttling error is written the way each protocol writes it: awsQuery XML
(IAM, STS, SNS), awsJson (Organizations, Config, Budgets, CloudTrail), restJson
(Account, GuardDuty, Security Hub, Access Analyzer), restXml (S3: `SlowDown`) and
RPC v2 CBOR (CloudWatch), so the SDK sees the real error code.
"""

import io
import json
import re
import random
import socket
import threading
import time
import urllib.parse

import cbor2
from werkzeug.test import run_wsgi_app

_lock = threading.Lock()
_config = {}
_random = random.Random(0)
_injected = {"throttle": 0, "unavailable": 0, "slow": 0, "drop": 0, "hang": 0}


def configure(body):
    global _random
    with _lock:
        _config.clear()
        _config.update(body)
        _random = random.Random(body.get("seed", 0))
        for k in _injected:
            _injected[k] = 0


def state():
    with _lock:
        return {"config": dict(_config), "injected": dict(_injected)}


def _operation(environ):
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    if target:
        return target.rpartition(".")[2]
    path = environ.get("PATH_INFO", "")
    if "/operation/" in path:
        return path.rpartition("/")[2]
    if environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
        # awsQuery names the action in the body: read it, and put it back.
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(body)
        return urllib.parse.parse_qs(body.decode()).get("Action", [""])[0]
    return path.strip("/")


def _region(environ):
    scope = environ.get("HTTP_AUTHORIZATION", "").partition("Credential=")[2].partition(",")[0]
    parts = scope.split("/")
    return parts[2] if len(parts) > 2 else ""


def _not_enabled(start_response):
    data = json.dumps({"__type": "UnrecognizedClientException",
                       "message": "The security token included in the request is invalid."}).encode()
    start_response("400 Bad Request", [("Content-Type", "application/x-amz-json-1.1"),
                                       ("Content-Length", str(len(data)))])
    return [data]


def _error(environ, start_response, json_code, query_code, message, rest_status):
    """An error in the request's own protocol, so the SDK sees the code."""
    path = environ.get("PATH_INFO", "")
    target = environ.get("HTTP_X_AMZ_TARGET")
    scope = re.search(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/", environ.get("HTTP_AUTHORIZATION", ""))
    if scope and scope.group(1) == "s3":  # restXml
        code = {"Throttling": "SlowDown", "AccessDenied": "AccessDenied"}.get(query_code, query_code)
        data = (f"<Error><Code>{code}</Code><Message>{message}</Message>"
                f"<RequestId>fault</RequestId></Error>").encode()
        headers = [("Content-Type", "application/xml")]
        status = "503 Slow Down" if code == "SlowDown" else "403 Forbidden"
    elif "/operation/" in path:  # RPC v2 CBOR
        data = cbor2.dumps({"__type": json_code, "message": message})
        headers = [("Content-Type", "application/cbor"), ("smithy-protocol", "rpc-v2-cbor")]
        status = "400 Bad Request"
    elif target:  # awsJson
        data = json.dumps({"__type": json_code, "message": message}).encode()
        headers = [("Content-Type", "application/x-amz-json-1.1")]
        status = "400 Bad Request"
    elif environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):  # awsQuery
        data = (f"<ErrorResponse><Error><Type>Sender</Type><Code>{query_code}</Code>"
                f"<Message>{message}</Message></Error><RequestId>fault</RequestId></ErrorResponse>").encode()
        headers = [("Content-Type", "text/xml")]
        status = "400 Bad Request" if query_code == "Throttling" else "403 Forbidden"
    else:  # restJson
        data = json.dumps({"message": message}).encode()
        headers = [("Content-Type", "application/json"), ("x-amzn-ErrorType", json_code)]
        status = rest_status
    start_response(status, headers + [("Content-Length", str(len(data)))])
    return [data]


def _throttle(environ, start_response):
    return _error(environ, start_response, "ThrottlingException", "Throttling",
                  "Rate exceeded", "429 Too Many Requests")


def _denied(environ, start_response):
    return _error(environ, start_response, "AccessDeniedException", "AccessDenied",
                  "not authorized (fault injection)", "403 Forbidden")


def _query_param(environ, name):
    """A parameter of an awsQuery body (the body is put back)."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length)
    environ["wsgi.input"] = io.BytesIO(body)
    return urllib.parse.parse_qs(body.decode()).get(name, [""])[0]


def _assume_denied(environ, accounts):
    """AssumeRole into one of `accounts`, as when the role's trust no longer
    allows the caller (moto does not evaluate trust policies)."""
    if not accounts or _operation(environ) != "AssumeRole":
        return False
    arn = _query_param(environ, "RoleArn")
    return any(f":{a}:role/" in arn for a in accounts)


def _drop(environ):
    sock = environ.get("werkzeug.socket")
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    raise ConnectionAbortedError("fault injection: connection dropped")


def inject(environ, start_response):
    """An injected answer, or None to serve the request normally."""
    with _lock:
        if not _config:
            return None
        hang = _config.get("hang") or {}
        disabled = _config.get("disabled_regions") or []
        denied = _config.get("denied_regions") or []
        no_assume = _config.get("deny_assume_role") or []
        roll = _random.random()
        shares = [(k, float(_config.get(k, 0))) for k in ("throttle", "unavailable", "slow", "drop")]
        slow_seconds = float(_config.get("slow_seconds", 1.0))
    if disabled and environ.get("HTTP_X_AMZ_TARGET") and _region(environ) in disabled:
        return _not_enabled(start_response)
    if denied and _region(environ) in denied:
        return _denied(environ, start_response)
    if _assume_denied(environ, no_assume):
        return _denied(environ, start_response)
    if hang and _operation(environ) == hang.get("target"):
        with _lock:
            _injected["hang"] += 1
        time.sleep(float(hang.get("seconds", 30)))
        return None
    edge = 0.0
    for kind, share in shares:
        edge += share
        if roll < edge:
            with _lock:
                _injected[kind] += 1
            if kind == "throttle":
                return _throttle(environ, start_response)
            if kind == "unavailable":
                data = b"Service Unavailable"
                start_response("503 Service Unavailable",
                               [("Content-Type", "text/plain"), ("Content-Length", str(len(data)))])
                return [data]
            if kind == "slow":
                time.sleep(slow_seconds)
                return None
            _drop(environ)
    return None


def short_session(app, environ, start_response):
    """AssumeRole answered by moto, its Expiration moved to now +
    session_seconds (so a test sees sessions expire mid-run); None when not
    configured or not AssumeRole."""
    with _lock:
        seconds = _config.get("session_seconds")
    if not seconds or _operation(environ) != "AssumeRole":
        return None
    app_iter, status, headers = run_wsgi_app(app, environ)
    body = b"".join(app_iter)
    expiry = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + float(seconds)))
    body = re.sub(rb"<Expiration>[^<]*</Expiration>",
                  b"<Expiration>" + expiry.encode() + b"</Expiration>", body)
    headers = [(k, v) for k, v in headers.items() if k.lower() != "content-length"]
    start_response(status, headers + [("Content-Length", str(len(body)))])
    return [body]
